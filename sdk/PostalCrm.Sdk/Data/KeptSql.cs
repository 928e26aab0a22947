using LinqToDB;
using LinqToDB.Data;
using LinqToDB.Mapping;

namespace PostalCrm.Sdk.Data;

/// <summary>A string parameter that is never null (<see cref="KeptSql"/>).</summary>
public readonly record struct SqlText(string Value);

/// <summary>An array of ids passed as one parameter (PostgreSQL <c>int[]</c>, <see cref="KeptSql.IsAnyOf"/>).</summary>
public readonly record struct SqlIdArray(int[] Values);

/// <summary>
/// Predicates whose statements linq2db builds once (SDK 1.19). linq2db renders a statement's SQL again on every run when it
/// holds a parameter of a reference type — a string, an array: the value could be null, which renders differently — or a
/// keyword written into it (Sql.Constant). That rebuild was the largest single part of a filtered list's CPU: 客户合同协议维护
/// with a customer filter on SQLite spent 31 % of a request's time in linq2db's GetCommand, for its page statement. A
/// <see cref="SqlText"/> or <see cref="SqlIdArray"/> reaches the database as the same string or array parameter, but
/// linq2db knows it is never null and keeps the statement's SQL (counted in KeptSqlTests).
/// </summary>
public static class KeptSql
{
    /// <summary><c>column = value</c>.</summary>
    [Sql.Expression("{0} = {1}", ServerSideOnly = true, IsPredicate = true)]
    public static bool Equal(string column, SqlText value) => throw new InvalidOperationException("server-side only");

    /// <summary><c>column LIKE pattern ESCAPE '~'</c>, the pattern from <see cref="ContainsPattern"/>: the column contains the keyword.</summary>
    [Sql.Expression("{0} LIKE {1} ESCAPE '~'", ServerSideOnly = true, IsPredicate = true)]
    public static bool Contains(string column, SqlText pattern) => throw new InvalidOperationException("server-side only");

    /// <summary>PostgreSQL: <c>value = ANY(values)</c>, the ids as one array parameter.</summary>
    [Sql.Expression("{0} = ANY({1})", ServerSideOnly = true, IsPredicate = true)]
    public static bool IsAnyOf(int value, SqlIdArray values) => throw new InvalidOperationException("server-side only");

    /// <summary>
    /// The LIKE pattern of "contains <paramref name="keyword"/>": <c>%keyword%</c>, its wildcards and the escape character
    /// (<c>~</c>, as linq2db's own Contains) escaped.
    /// </summary>
    public static SqlText ContainsPattern(string keyword)
    {
        var escaped = keyword.Replace("~", "~~", StringComparison.Ordinal).Replace("%", "~%", StringComparison.Ordinal).Replace("_", "~_", StringComparison.Ordinal);
        return new SqlText("%" + escaped + "%");
    }

    /// <summary>How the two types reach the database: called once, before any statement (<see cref="DatabaseSettings"/>).</summary>
    internal static void Register(MappingSchema schema)
    {
        schema.SetConverter<SqlText, DataParameter>(t => new DataParameter { DataType = DataType.NVarChar, Value = t.Value });
        schema.SetConverter<SqlIdArray, DataParameter>(a => new DataParameter { DataType = DataType.Int32 | DataType.Array, Value = a.Values });
    }
}
