using PostalCrm.Sdk.Organisation;

namespace PostalCrm.Sdk.Security;

/// <summary>The user of the current request, with org unit, roles and permissions loaded once per request.</summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }
    int Id { get; }
    string Login { get; }
    string DisplayName { get; }
    OrgUnit OrgUnit { get; }
    /// <summary>The administrative area (省/市/区) of the user's unit: the root of "unit and below".</summary>
    OrgUnit Area { get; }
    IReadOnlySet<string> Roles { get; }
    IReadOnlySet<string> Permissions { get; }
    bool Has(string permission);
    bool IsInRole(string role);
}

/// <summary>Thrown when a record is outside the caller's data scope; the host answers 404 so ids leak nothing.</summary>
public sealed class OutOfScopeException(string message = "记录不存在或无权访问") : Exception(message);

/// <summary>Thrown for a business rule a user broke; the host shows the message (Chinese) on the page.</summary>
public sealed class BusinessRuleException(string message) : Exception(message);
