using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Benchmarks;

/// <summary>A user holding every permission, for benchmarks that run the reporting server without a request.</summary>
internal sealed class BenchUser : ICurrentUser
{
    public bool IsAuthenticated => true;
    public int Id => 1;
    public string Login => "bench";
    public string DisplayName => "bench";
    public OrgUnit OrgUnit => new();
    public OrgUnit Area => new();
    public IReadOnlySet<string> Roles { get; } = new HashSet<string>();
    public IReadOnlySet<string> Permissions { get; } = new HashSet<string>();
    public bool Has(string permission) => true;
    public bool IsInRole(string role) => false;
}
