using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Controllers;

public sealed class LoginForm
{
    [Required(ErrorMessage = "请输入用户名")] [Display(Name = "用户名")] public string Login { get; set; } = "";
    [Required(ErrorMessage = "请输入密码")] [Display(Name = "密码")] public string Password { get; set; } = "";
    public string? ReturnUrl { get; set; }
}

public sealed class ChangePasswordForm
{
    [Required(ErrorMessage = "请输入原密码")] [Display(Name = "原密码")] public string OldPassword { get; set; } = "";
    [Required(ErrorMessage = "请输入新密码")] [Display(Name = "新密码")] public string NewPassword { get; set; } = "";
    [Required(ErrorMessage = "请再次输入新密码")] [Display(Name = "确认新密码")] public string ConfirmPassword { get; set; } = "";
}

/// <summary>F-1.1 login, F-1.2 password change, logout.</summary>
public sealed class AccountController(LoginService logins, SessionStore sessions, PostalDb db, ICurrentUser me, AuditLog audit) : Controller
{
    [AllowAnonymous, HttpGet]
    public IActionResult Login(string? returnUrl) => View(new LoginForm { ReturnUrl = returnUrl });

    [AllowAnonymous, HttpPost]
    public async Task<IActionResult> Login(LoginForm form)
    {
        if (!ModelState.IsValid) return View(form);
        var result = await logins.CheckAsync(form.Login, form.Password, HttpContext.Connection.RemoteIpAddress?.ToString());
        if (result.User is not { } user)
        {
            ModelState.AddModelError("", result.Error!);
            return View(form);
        }
        var sessionId = await sessions.StartAsync(user.Id);
        await HttpContext.SignInAsync(SessionStore.Principal(user, user.SecurityStamp, sessionId));
        if (user.MustChangePassword) return RedirectToAction(nameof(ChangePassword));
        return Url.IsLocalUrl(form.ReturnUrl) ? LocalRedirect(form.ReturnUrl) : RedirectToAction("Index", "Home");
    }

    /// <summary>Ends the session on the server too: a copy of the cookie is worthless afterwards.</summary>
    [HttpPost]
    public async Task<IActionResult> Logout()
    {
        if (User.FindFirstValue(SessionStore.SessionClaim) is { Length: > 0 } sid) await sessions.EndAsync(sid);
        await HttpContext.SignOutAsync();
        return RedirectToAction(nameof(Login));
    }

    [HttpGet]
    public IActionResult ChangePassword() => View(new ChangePasswordForm());

    [HttpPost]
    public async Task<IActionResult> ChangePassword(ChangePasswordForm form)
    {
        if (!ModelState.IsValid) return View(form);
        var user = await db.Users.FirstAsync(u => u.Id == me.Id);
        if (!LoginService.Verify(user, form.OldPassword)) ModelState.AddModelError(nameof(form.OldPassword), "原密码不正确");
        else if (form.NewPassword != form.ConfirmPassword) ModelState.AddModelError(nameof(form.ConfirmPassword), "两次输入的新密码不一致");
        else if (form.NewPassword == form.OldPassword) ModelState.AddModelError(nameof(form.NewPassword), "新密码不能与原密码相同");
        else if (LoginService.CheckStrength(form.NewPassword) is { } weak) ModelState.AddModelError(nameof(form.NewPassword), weak);
        if (!ModelState.IsValid) return View(form);

        var stamp = Guid.NewGuid().ToString("N");
        await db.Users.Where(u => u.Id == user.Id)
            .Set(u => u.PasswordHash, LoginService.Hash(form.NewPassword))
            .Set(u => u.MustChangePassword, false)
            .Set(u => u.SecurityStamp, stamp)
            .UpdateAsync();
        await audit.WriteAsync("user", user.Id, "change-password", null, null);

        // The stamp changed: this browser signs in again on its session; every other session of the user ends.
        var sessionId = User.FindFirstValue(SessionStore.SessionClaim)!;
        await sessions.EndOthersAsync(user.Id, sessionId);
        await HttpContext.SignInAsync(SessionStore.Principal(user, stamp, sessionId));
        TempData["Flash"] = "密码修改成功";
        return RedirectToAction("Index", "Home");
    }
}
