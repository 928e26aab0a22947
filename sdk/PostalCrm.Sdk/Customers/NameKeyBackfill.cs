using System.Data;

namespace PostalCrm.Sdk.Customers;

/// <summary>
/// Fills a name-key column from its name column for rows written before the column existed (a migration step:
/// <c>Execute.WithConnection((c, t) =&gt; NameKeyBackfill.Run(c, t, ...))</c>). The key is computed here, in .NET,
/// because neither database has NFKC in SQL that both agree on.
/// </summary>
public static class NameKeyBackfill
{
    /// <param name="uniqueByRow">
    /// For a column under a unique index: a second row whose name has the same key as an earlier one (a duplicate made
    /// before the rule existed) gets its key suffixed with <c>#id</c>, so the index can be built and the rows stay as
    /// they are for a person to merge; no later customer can take either spelling.
    /// </param>
    public static void Run(IDbConnection connection, IDbTransaction? transaction, string table, string nameColumn, string keyColumn, bool uniqueByRow)
    {
        var rows = new List<(long Id, string Key)>();
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = $"SELECT id, {nameColumn} FROM {table} ORDER BY id";
            using var reader = read.ExecuteReader();
            while (reader.Read())
                rows.Add((Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), CustomerNames.Key(reader.IsDBNull(1) ? "" : reader.GetString(1))));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = $"UPDATE {table} SET {keyColumn} = @key WHERE id = @id";
        var key = write.CreateParameter();
        key.ParameterName = "@key";
        write.Parameters.Add(key);
        var id = write.CreateParameter();
        id.ParameterName = "@id";
        write.Parameters.Add(id);
        foreach (var row in rows)
        {
            key.Value = uniqueByRow && !seen.Add(row.Key) ? $"{row.Key}#{row.Id}" : row.Key;
            id.Value = row.Id;
            write.ExecuteNonQuery();
        }
    }
}
