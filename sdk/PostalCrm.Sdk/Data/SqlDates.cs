using LinqToDB;

namespace PostalCrm.Sdk.Data;

/// <summary>
/// Date comparisons an index can seek (issue 8). linq2db writes a <see cref="DateOnly"/> comparison on SQLite as
/// <c>Date(column) = Date(@p)</c>: correct, but no index on the column serves it, so a "logs of one day" or "records of a
/// month" read every row of the table (or of the manager). These keep the column bare and normalise only the parameter
/// (dates are stored as 'yyyy-MM-dd' text on SQLite); PostgreSQL compares dates as they are. Use them in queries only.
/// </summary>
public static class SqlDates
{
    [Sql.Expression(ProviderName.SQLite, "{0} = Date({1})", IsPredicate = true, ServerSideOnly = true)]
    [Sql.Expression("{0} = {1}", IsPredicate = true, ServerSideOnly = true)]
    public static bool On(DateOnly column, DateOnly day) => throw new InvalidOperationException("SQL only");

    [Sql.Expression(ProviderName.SQLite, "{0} >= Date({1})", IsPredicate = true, ServerSideOnly = true)]
    [Sql.Expression("{0} >= {1}", IsPredicate = true, ServerSideOnly = true)]
    public static bool OnOrAfter(DateOnly column, DateOnly day) => throw new InvalidOperationException("SQL only");

    [Sql.Expression(ProviderName.SQLite, "{0} <= Date({1})", IsPredicate = true, ServerSideOnly = true)]
    [Sql.Expression("{0} <= {1}", IsPredicate = true, ServerSideOnly = true)]
    public static bool OnOrBefore(DateOnly column, DateOnly day) => throw new InvalidOperationException("SQL only");

    [Sql.Expression(ProviderName.SQLite, "{0} > Date({1})", IsPredicate = true, ServerSideOnly = true)]
    [Sql.Expression("{0} > {1}", IsPredicate = true, ServerSideOnly = true)]
    public static bool After(DateOnly column, DateOnly day) => throw new InvalidOperationException("SQL only");

    /// <summary>A nullable column: NULL is never on or before a day (as in SQL).</summary>
    [Sql.Expression(ProviderName.SQLite, "{0} <= Date({1})", IsPredicate = true, ServerSideOnly = true)]
    [Sql.Expression("{0} <= {1}", IsPredicate = true, ServerSideOnly = true)]
    public static bool OnOrBefore(DateOnly? column, DateOnly day) => throw new InvalidOperationException("SQL only");
}
