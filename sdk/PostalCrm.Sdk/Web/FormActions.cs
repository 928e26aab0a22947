using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Sdk.Web;

/// <summary>
/// The shape of every form POST: invalid input or a broken business rule (<see cref="BusinessRuleException"/>)
/// re-shows the form with the Chinese message and changes nothing; success sets a flash message and redirects.
/// </summary>
public static class FormActions
{
    /// <summary>Runs <paramref name="submit"/> (which manages its own transaction, if any).</summary>
    public static async Task<IActionResult> SubmitAsync(this Controller controller, Func<Task> submit,
        string flash, Func<IActionResult> onSuccess, Func<Task<IActionResult>> onError)
    {
        if (!controller.ModelState.IsValid) return await onError();
        try
        {
            await submit();
        }
        catch (BusinessRuleException e)
        {
            controller.ModelState.AddModelError("", e.Message);
            return await onError();
        }
        controller.TempData["Flash"] = flash;
        return onSuccess();
    }

    public static Task<IActionResult> SubmitAsync(this Controller controller, Func<Task> submit,
        string flash, Func<IActionResult> onSuccess, Func<IActionResult> onError) =>
        controller.SubmitAsync(submit, flash, onSuccess, () => Task.FromResult(onError()));

    /// <summary>As <see cref="SubmitAsync(Controller, Func{Task}, string, Func{IActionResult}, Func{Task{IActionResult}})"/>, with the change and its audit rows in one transaction.</summary>
    public static Task<IActionResult> ChangeAsync(this Controller controller, PostalDb db, Func<Task> change,
        string flash, Func<IActionResult> onSuccess, Func<Task<IActionResult>> onError) =>
        controller.SubmitAsync(async () =>
        {
            await using var tx = await db.BeginTransactionAsync();
            await change();
            await tx.CommitAsync();
        }, flash, onSuccess, onError);
}

/// <summary>Text input checks with Chinese messages naming the field.</summary>
public static class Input
{
    /// <summary>Trimmed, required, at most <paramref name="max"/> characters.</summary>
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
