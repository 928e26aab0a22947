using System.Text.RegularExpressions;
using LinqToDB;
using Microsoft.AspNetCore.Mvc;
using PostalCrm.Host.Features.OrgUnits;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Features.Users;

/// <summary>A user's role codes in one list statement (a correlated sub-query on user_roles' key), named in memory.</summary>
public static class UserRoleCodes
{
    /// <summary>The user's role codes in code order, comma-separated ("" without roles).</summary>
    [Sql.Expression(ProviderName.PostgreSQL, "coalesce((SELECT string_agg(ur.role_code, ',' ORDER BY ur.role_code) FROM user_roles ur WHERE ur.user_id = {0}), '')", ServerSideOnly = true)]
    [Sql.Expression(ProviderName.SQLite, "coalesce((SELECT group_concat(n.role_code, ',') FROM (SELECT ur.role_code FROM user_roles ur WHERE ur.user_id = {0} ORDER BY ur.role_code) n), '')", ServerSideOnly = true)]
    public static string Of(int userId) => throw new InvalidOperationException("server-side only");

    /// <summary>The roles' names of <see cref="Of"/>'s codes (a code without a role row shows as itself).</summary>
    public static IReadOnlyList<string> Names(string codes, IReadOnlyDictionary<string, string> names) =>
        [.. codes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => names.TryGetValue(c, out var name) ? name : c)];
}

/// <summary>The columns the list shows: not the password hash or the security stamp, which a list has no use for.</summary>
public sealed record UserListItem(int Id, string Login, string DisplayName, string? EmployeeNo, string? Phone, bool Disabled, bool MustChangePassword);

public sealed record UserRow(UserListItem User, string UnitName, IReadOnlyList<string> RoleNames, bool Locked);

public sealed record UnitOption(int Id, string Label, bool Active);

/// <summary>
/// The unit choices of 用户管理 per administrator's area: the province's 300-odd units were read and put in tree order on
/// every view of the list, 15 % of its CPU (issue 8). Org units change only through administration writes, which drop it.
/// </summary>
public sealed class UnitOptionsCache(TimeProvider clock, UserContextCache users)
    : ShortCache<int, IReadOnlyList<UnitOption>>(clock, users, TimeSpan.FromSeconds(30));

public sealed class UsersPage
{
    public string? Q { get; init; }
    public int? UnitId { get; init; }
    public int Page { get; init; } = 1;
    public int Total { get; init; }
    public int PageSize { get; init; }
    public IReadOnlyList<UserRow> Rows { get; init; } = [];
    public IReadOnlyList<UnitOption> Units { get; init; } = [];
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed class UserForm
{
    public string? Login { get; set; }
    public string? DisplayName { get; set; }
    public string? EmployeeNo { get; set; }
    public string? Phone { get; set; }
    public int? OrgUnitId { get; set; }
    public List<string> Roles { get; set; } = [];
}

public sealed class UserFormPage
{
    /// <summary>Null when creating.</summary>
    public UserAccount? User { get; init; }
    public required UserForm Form { get; init; }
    public IReadOnlyList<UnitOption> Units { get; init; } = [];
    public IReadOnlyList<Role> Roles { get; init; } = [];
}

public sealed record OneTimePasswordPage(UserAccount User, string Password, bool IsNew);

/// <summary>
/// 用户管理: users of the administrator's area. New and reset accounts get a random one-time password, shown once
/// on the response page (never stored in clear, never redirected through a cookie) and to be changed at first login.
/// Reset and disable change the security stamp, so existing sessions end on their next request.
/// </summary>
[Route("admin/users"), RequirePermission(HostPermissions.Users)]
public sealed partial class UsersController(PostalDb db, DataScope scope, AuditLog audit, ICurrentUser me, TimeProvider clock, UnitOptionsCache unitOptions, BoundedCounts counts)
    : Controller
{
    private const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int? unitId, int page = 1)
    {
        // The list form of the rule: the province's administrator gets no filter, so the count and the page (login order,
        // ux_users_login) are read off indexes instead of testing 5,000 users against the units sub-query (issue 8).
        var query = scope.UnitAndBelowForList(db.Users, u => u.OrgUnitId);
        var term = q?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            var lower = term.ToLowerInvariant();
            query = query.Where(u => Sql.Lower(u.Login)!.Contains(Sql.Constant(lower)) || u.DisplayName.Contains(Sql.Constant(term)) || (u.EmployeeNo != null && Sql.Lower(u.EmployeeNo)!.Contains(Sql.Constant(lower))));
        }
        if (unitId is { } uid && await scope.UnitAndBelow(db.OrgUnits, u => u.Id).FirstOrDefaultAsync(u => u.Id == uid) is { } unit)
        {
            var below = db.OrgUnits.Where(u => u.Path.StartsWith(unit.Path)).Select(u => u.Id);
            query = query.Where(u => below.Contains(u.OrgUnitId));
        }
        var total = await counts.CountAsync(query, $"admin/users|{me.Id}|{term}|{unitId}");
        page = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        // One statement: the page's users with their unit names, and each user's role codes as a sub-query (issue 8: a
        // second statement over the page's ids cost a third of the page); the roles' names are the remembered dozen.
        // Skip and Take as lambdas over locals stay SQL parameters (a constant Take beside a parameter Skip had linq2db
        // render the statement again per request).
        var skip = (page - 1) * PageSize;
        var take = PageSize;
        var pageOfUsers = query.OrderBy(u => u.Login).Skip(() => skip).Take(() => take);
        var users = await (from u in pageOfUsers
                           join o in db.OrgUnits on u.OrgUnitId equals o.Id into units
                           from o in units.DefaultIfEmpty()
                           orderby u.Login
                           select new
                           {
                               User = new UserListItem(u.Id, u.Login, u.DisplayName, u.EmployeeNo, u.Phone, u.Disabled, u.MustChangePassword),
                               u.LockoutUntil, UnitName = o == null ? "" : o.Name, RoleCodes = UserRoleCodes.Of(u.Id),
                           }).ToListAsync();
        var roleNames = await counts.FigureAsync("admin/role-names", async () =>
            (IReadOnlyDictionary<string, string>)await db.Roles.ToDictionaryAsync(r => r.Code, r => r.Name, StringComparer.Ordinal));
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = users.Select(x => new UserRow(x.User, x.UnitName, UserRoleCodes.Names(x.RoleCodes, roleNames), x.LockoutUntil > now)).ToList();

        return View("Index", new UsersPage
        {
            Q = term, UnitId = unitId, Page = page, Total = total, PageSize = PageSize, Rows = rows, Units = await UnitOptionsAsync(),
        });
    }

    [HttpGet("create")]
    public async Task<IActionResult> Create() => View("Edit", await FormPageAsync(null, new UserForm()));

    [HttpPost("create")]
    public async Task<IActionResult> Create(UserForm form)
    {
        string? password = null;
        UserAccount? created = null;
        var result = await this.ChangeAsync(db, async () =>
            {
                var login = (form.Login ?? "").Trim();
                if (login.Length == 0) throw new BusinessRuleException("请输入登录名");
                if (!LoginPattern().IsMatch(login))
                    throw new BusinessRuleException("登录名只能包含字母、数字、下划线、点和减号,长度 2–50 位");
                var lower = login.ToLowerInvariant();
                if (await db.Users.AnyAsync(u => Sql.Lower(u.Login) == lower))
                    throw new BusinessRuleException($"登录名“{login}”已被使用");
                var user = new UserAccount { Login = login, MustChangePassword = true, CreatedAt = clock.GetUtcNow().UtcDateTime };
                var roles = await ValidateAsync(form, user);

                password = LoginService.OneTimePassword();
                user.PasswordHash = LoginService.Hash(password);
                user.SecurityStamp = NewStamp();
                user.Id = await db.InsertWithInt32IdentityAsync(user);
                foreach (var r in roles) await db.InsertAsync(new UserRole { UserId = user.Id, RoleCode = r });
                await audit.WriteAsync("user", user.Id, "create", null, Snapshot(user, roles));
                created = user;
            },
            "", () => new EmptyResult(), async () => View("Edit", await FormPageAsync(null, form)));
        if (created is null) return result;
        TempData.Remove("Flash");
        return PasswordPage(new OneTimePasswordPage(created, password!, true));
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id)
    {
        var user = await FindAsync(id);
        var roles = await RolesOfAsync(id);
        return View("Edit", await FormPageAsync(user, new UserForm
        {
            Login = user.Login, DisplayName = user.DisplayName, EmployeeNo = user.EmployeeNo, Phone = user.Phone,
            OrgUnitId = user.OrgUnitId, Roles = [.. roles],
        }));
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, UserForm form)
    {
        var user = await FindAsync(id);
        return await this.ChangeAsync(db, async () =>
            {
                var oldRoles = await RolesOfAsync(id);
                var before = Snapshot(user, oldRoles);
                var after = await db.Users.FirstAsync(u => u.Id == id);
                var roles = await ValidateAsync(form, after);
                if (user.Id == me.Id && oldRoles.Contains(RoleCodes.Admin) && !roles.Contains(RoleCodes.Admin))
                    throw new BusinessRuleException("不能取消本人的系统管理员角色");

                await db.Users.Where(u => u.Id == id)
                    .Set(u => u.DisplayName, after.DisplayName)
                    .Set(u => u.EmployeeNo, after.EmployeeNo)
                    .Set(u => u.Phone, after.Phone)
                    .Set(u => u.OrgUnitId, after.OrgUnitId)
                    .UpdateAsync();
                foreach (var r in oldRoles.Except(roles))
                    await db.UserRoles.Where(x => x.UserId == id && x.RoleCode == r).DeleteAsync();
                foreach (var r in roles.Except(oldRoles))
                    await db.InsertAsync(new UserRole { UserId = id, RoleCode = r });
                await audit.WriteAsync("user", id, "update", before, Snapshot(after, roles));
            },
            $"已保存用户“{user.Login}”", () => RedirectToAction(nameof(Index)),
            async () =>
            {
                form.Login = user.Login;
                return View("Edit", await FormPageAsync(user, form));
            });
    }

    [HttpPost("{id:int}/reset-password")]
    public async Task<IActionResult> ResetPassword(int id)
    {
        var user = await FindAsync(id);
        string? password = null;
        var result = await this.ChangeAsync(db, async () =>
            {
                if (user.Id == me.Id) throw new BusinessRuleException("不能重置本人的密码,请通过“系统管理 → 密码修改”修改");
                var roles = await RolesOfAsync(id);
                var before = Snapshot(user, roles);
                password = LoginService.OneTimePassword();
                user.PasswordHash = LoginService.Hash(password);
                user.MustChangePassword = true;
                user.SecurityStamp = NewStamp();
                user.FailedLogins = 0;
                user.LockoutUntil = null;
                await db.Users.Where(u => u.Id == id)
                    .Set(u => u.PasswordHash, user.PasswordHash)
                    .Set(u => u.MustChangePassword, true)
                    .Set(u => u.SecurityStamp, user.SecurityStamp)
                    .Set(u => u.FailedLogins, 0)
                    .Set(u => u.LockoutUntil, (DateTime?)null)
                    .UpdateAsync();
                await audit.WriteAsync("user", id, "reset-password", before, Snapshot(user, roles));
            },
            "", () => new EmptyResult(), () => Index(null, null));
        if (password is null) return result;
        TempData.Remove("Flash");
        return PasswordPage(new OneTimePasswordPage(user, password, false));
    }

    [HttpPost("{id:int}/disable")]
    public async Task<IActionResult> Disable(int id)
    {
        var user = await FindAsync(id);
        return await this.ChangeAsync(db, async () =>
            {
                if (user.Id == me.Id) throw new BusinessRuleException("不能停用本人的账号");
                if (user.Disabled) return;
                var roles = await RolesOfAsync(id);
                var before = Snapshot(user, roles);
                user.Disabled = true;
                user.SecurityStamp = NewStamp();
                await db.Users.Where(u => u.Id == id).Set(u => u.Disabled, true).Set(u => u.SecurityStamp, user.SecurityStamp).UpdateAsync();
                await audit.WriteAsync("user", id, "disable", before, Snapshot(user, roles));
            },
            $"已停用用户“{user.Login}”,其登录状态已失效", () => RedirectToAction(nameof(Index)), () => Index(null, null));
    }

    [HttpPost("{id:int}/enable")]
    public async Task<IActionResult> Enable(int id)
    {
        var user = await FindAsync(id);
        return await this.ChangeAsync(db, async () =>
            {
                if (!user.Disabled && user.LockoutUntil is null) return;
                if (!await db.OrgUnits.AnyAsync(u => u.Id == user.OrgUnitId && u.Active))
                    throw new BusinessRuleException("该用户的所属机构已停用,请先调整其所属机构");
                var roles = await RolesOfAsync(id);
                var before = Snapshot(user, roles);
                user.Disabled = false;
                user.FailedLogins = 0;
                user.LockoutUntil = null;
                await db.Users.Where(u => u.Id == id)
                    .Set(u => u.Disabled, false).Set(u => u.FailedLogins, 0).Set(u => u.LockoutUntil, (DateTime?)null).UpdateAsync();
                await audit.WriteAsync("user", id, "enable", before, Snapshot(user, roles));
            },
            $"已启用用户“{user.Login}”", () => RedirectToAction(nameof(Index)), () => Index(null, null));
    }

    private ViewResult PasswordPage(OneTimePasswordPage page)
    {
        // Shown once: never cached by the browser or a proxy.
        Response.Headers.CacheControl = "no-store, no-cache";
        Response.Headers.Pragma = "no-cache";
        return View("OneTimePassword", page);
    }

    /// <summary>Checks and copies the editable fields into <paramref name="user"/>; returns the chosen role codes.</summary>
    private async Task<List<string>> ValidateAsync(UserForm form, UserAccount user)
    {
        user.DisplayName = Input.RequireText(form.DisplayName, "姓名", 50);
        user.EmployeeNo = Input.OptionalText(form.EmployeeNo, "编号", 30);
        user.Phone = Input.OptionalText(form.Phone, "电话", 30);
        if (user.Phone is { } phone && !phone.All(c => char.IsAsciiDigit(c) || c is '-' or '+' or ' '))
            throw new BusinessRuleException("电话只能包含数字、空格、“+”和“-”");
        if (form.OrgUnitId is not { } unitId) throw new BusinessRuleException("请选择所属机构");
        if (!await scope.CoversUnitAsync(unitId) || !await db.OrgUnits.AnyAsync(u => u.Id == unitId && u.Active))
            throw new BusinessRuleException("所选机构不存在或已停用");
        user.OrgUnitId = unitId;

        var roles = form.Roles.Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.Ordinal).ToList();
        if (roles.Count == 0) throw new BusinessRuleException("请至少选择一个角色");
        var known = await db.Roles.Select(r => r.Code).ToListAsync();
        if (roles.Except(known).Any()) throw new BusinessRuleException("所选角色不存在");
        return roles;
    }

    private async Task<UserAccount> FindAsync(int id)
    {
        return await scope.UnitAndBelow(db.Users, u => u.OrgUnitId).Where(u => u.Id == id).SingleInScopeAsync();
    }

    private async Task<List<string>> RolesOfAsync(int userId) =>
        await db.UserRoles.Where(r => r.UserId == userId).OrderBy(r => r.RoleCode).Select(r => r.RoleCode).ToListAsync();

    private async Task<UserFormPage> FormPageAsync(UserAccount? user, UserForm form) => new()
    {
        User = user,
        Form = form,
        Units = await UnitOptionsAsync(),
        Roles = await db.Roles.OrderBy(r => r.Builtin ? 0 : 1).ThenBy(r => r.Code).ToListAsync(),
    };

    /// <summary>The administrator's units in tree order, indented.</summary>
    private Task<IReadOnlyList<UnitOption>> UnitOptionsAsync() => unitOptions.GetAsync(me.Area.Id, LoadUnitOptionsAsync);

    private async Task<IReadOnlyList<UnitOption>> LoadUnitOptionsAsync()
    {
        // Only what the tree order and the label need.
        var units = await scope.UnitAndBelowForList(db.OrgUnits, u => u.Id)
            .Select(u => new OrgUnit { Id = u.Id, ParentId = u.ParentId, Name = u.Name, Sort = u.Sort, Active = u.Active, Path = "", Code = "" })
            .ToListAsync();
        return [.. OrgUnitsController.TreeOrder(units).Select(x =>
            new UnitOption(x.Unit.Id, new string('\u3000', x.Depth) + x.Unit.Name + (x.Unit.Active ? "" : "(已停用)"), x.Unit.Active))];
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    /// <summary>What the audit log keeps of a user: never the password hash or the stamp.</summary>
    private static object Snapshot(UserAccount u, IEnumerable<string> roles) => new
    {
        u.Id, u.Login, u.DisplayName, u.EmployeeNo, u.OrgUnitId, u.Phone, u.Disabled, u.MustChangePassword,
        Roles = roles.Order(StringComparer.Ordinal).ToList(),
    };

    [GeneratedRegex("^[A-Za-z0-9_.-]{2,50}$")]
    private static partial Regex LoginPattern();
}
