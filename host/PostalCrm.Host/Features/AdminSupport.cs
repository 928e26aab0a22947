using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Features;

/// <summary>
/// The pattern of every administration write: the change and its audit rows in one transaction; a broken rule
/// (<see cref="BusinessRuleException"/>) rolls everything back and shows its Chinese message on the re-rendered page.
/// </summary>
internal static class AdminSupport
{
    public static async Task<IActionResult> ChangeAsync(this Controller controller, PostalDb db, Func<Task> change,
        string flash, Func<IActionResult> onSuccess, Func<Task<IActionResult>> onError)
    {
        try
        {
            await using var tx = await db.BeginTransactionAsync();
            await change();
            await tx.CommitAsync();
        }
        catch (BusinessRuleException e)
        {
            controller.ModelState.AddModelError("", e.Message);
            return await onError();
        }
        controller.TempData["Flash"] = flash;
        return onSuccess();
    }

    /// <summary>Trimmed, required, at most <paramref name="max"/> characters; else a Chinese message naming the field.</summary>
    public static string RequireText(string? value, string field, int max)
    {
        var v = (value ?? "").Trim();
        if (v.Length == 0) throw new BusinessRuleException($"请输入{field}");
        if (v.Length > max) throw new BusinessRuleException($"{field}最多 {max} 个字符");
        return v;
    }

    /// <summary>Trimmed optional text (null when blank), at most <paramref name="max"/> characters.</summary>
    public static string? OptionalText(string? value, string field, int max)
    {
        var v = (value ?? "").Trim();
        if (v.Length == 0) return null;
        if (v.Length > max) throw new BusinessRuleException($"{field}最多 {max} 个字符");
        return v;
    }
}
