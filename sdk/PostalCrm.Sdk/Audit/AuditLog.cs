using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using LinqToDB;
using LinqToDB.Mapping;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Sdk.Audit;

[Table("audit_log")]
public sealed class AuditEntry
{
    [Column("id"), PrimaryKey, Identity] public long Id { get; set; }
    [Column("at"), NotNull] public DateTime At { get; set; }
    [Column("user_id"), Nullable] public int? UserId { get; set; }
    [Column("user_login", Length = 50), Nullable] public string? UserLogin { get; set; }
    [Column("entity", Length = 60), NotNull] public string Entity { get; set; } = "";
    [Column("entity_id", Length = 40), NotNull] public string EntityId { get; set; } = "";
    /// <summary>create / update / delete / approve / …</summary>
    [Column("action", Length = 30), NotNull] public string Action { get; set; } = "";
    [Column("before_json"), Nullable] public string? BeforeJson { get; set; }
    [Column("after_json"), Nullable] public string? AfterJson { get; set; }
}

/// <summary>
/// Who, when, which record, before → after. Write it in the same transaction as the change. Without a portal user
/// (an API call authenticated by its own scheme, e.g. the e-branch system), the caller's name is recorded as
/// <c>api:&lt;name&gt;</c>.
/// </summary>
public sealed class AuditLog(PostalDb db, ICurrentUser user, Microsoft.AspNetCore.Http.IHttpContextAccessor? http = null, TimeProvider? clock = null)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static string? Snapshot(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Json);

    public Task WriteAsync(string entity, object entityId, string action, object? before, object? after) =>
        db.InsertAsync(new AuditEntry
        {
            At = (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime,
            UserId = user.IsAuthenticated ? user.Id : null,
            UserLogin = user.IsAuthenticated ? user.Login
                : http?.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } caller } ? "api:" + caller : null,
            Entity = entity,
            EntityId = Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            Action = action,
            BeforeJson = Snapshot(before),
            AfterJson = Snapshot(after),
        });

    /// <summary>Inserts the entity (identity id filled in) and audits it.</summary>
    public async Task<int> InsertAsync<T>(T entity, string entityName, Action<T, int> setId) where T : notnull
    {
        var id = await db.InsertWithInt32IdentityAsync(entity);
        setId(entity, id);
        await WriteAsync(entityName, id, "create", null, entity);
        return id;
    }

    /// <summary>Updates the entity and audits before → after.</summary>
    public async Task UpdateAsync<T>(T before, T after, string entityName, object id) where T : notnull
    {
        await db.UpdateAsync(after);
        await WriteAsync(entityName, id, "update", before, after);
    }
}
