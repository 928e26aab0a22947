using System.Runtime.CompilerServices;
using LinqToDB.Metrics;

namespace PostalCrm.Testing;

/// <summary>
/// Counts the statements whose SQL linq2db builds (renders from its query tree) while some code runs in this flow — a
/// statement it keeps is not built again (KeptSql, issue 8). Runs on other threads' flows are not counted.
/// </summary>
public static class SqlBuilds
{
    private static readonly AsyncLocal<StrongBox<int>?> Current = new();

    static SqlBuilds() => ActivityService.AddFactory(id =>
    {
        if (id == ActivityID.BuildSql && Current.Value is { } count) Interlocked.Increment(ref count.Value);
        return null;
    });

    /// <summary>How many statements' SQL was built while <paramref name="run"/> ran.</summary>
    public static async Task<int> CountAsync(Func<Task> run)
    {
        var count = new StrongBox<int>();
        Current.Value = count;
        try { await run(); }
        finally { Current.Value = null; }
        return count.Value;
    }
}
