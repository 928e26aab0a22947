using System.Collections.Concurrent;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Time;
using PostalCrm.Sdk.Web;

namespace PostalCrm.Host.Controllers;

/// <summary>
/// The home page's cards (<see cref="IHomeCard"/>) per user for <see cref="TimeToLive"/>: a customer manager's home page
/// ran six card statements on every view, four times the cost of the page itself (issue 8). The cards are reminders, so a
/// minute's delay is acceptable for what other users change (a payment recorded by the department); what the user changes
/// shows at once: any write of theirs (a POST, <see cref="ForgetOnWrite"/>) drops their entry, administration writes
/// (roles, grants, units: <see cref="UserContextCache.Clear"/>) drop every entry, and a new day starts afresh.
/// </summary>
public sealed class HomeCardsCache(TimeProvider clock, UserContextCache users)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(1);

    /// <summary>A card as shown, with the plugin whose links it resolves.</summary>
    public sealed record Shown(HomeCard Card, string PluginId);

    private sealed record Slot(long Version, long UsersGeneration, DateOnly Day, DateTimeOffset Expires, IReadOnlyList<Shown> Cards);

    private readonly ConcurrentDictionary<int, Slot> _slots = new();
    // Bumped by Forget: cards built while the user's write was committing are never stored after it.
    private readonly ConcurrentDictionary<int, long> _versions = new();

    public async Task<IReadOnlyList<Shown>> GetAsync(int userId, Func<Task<IReadOnlyList<Shown>>> build)
    {
        var version = _versions.GetValueOrDefault(userId);
        var generation = users.Generation;
        var day = clock.Today();
        if (_slots.TryGetValue(userId, out var slot) && slot.Version == version && slot.UsersGeneration == generation && slot.Day == day
            && slot.Expires > clock.GetUtcNow())
            return slot.Cards;
        var cards = await build();
        if (_versions.GetValueOrDefault(userId) == version && users.Generation == generation)
            _slots[userId] = new Slot(version, generation, day, clock.GetUtcNow() + TimeToLive, cards);
        return cards;
    }

    /// <summary>The user changed something: their next home page builds its cards again.</summary>
    public void Forget(int userId)
    {
        _versions.AddOrUpdate(userId, 1, (_, v) => v + 1);
        _slots.TryRemove(userId, out _);
    }

    /// <summary>
    /// Middleware: a signed-in user's POST (any write) forgets their cards before its response leaves (the write is
    /// committed by then) and again once it is done.
    /// </summary>
    public static async Task ForgetOnWrite(HttpContext context, RequestDelegate next)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || context.RequestServices.GetRequiredService<CurrentUser>() is not { IsAuthenticated: true } me)
        {
            await next(context);
            return;
        }
        var cache = context.RequestServices.GetRequiredService<HomeCardsCache>();
        var id = me.Id;
        context.Response.OnStarting(() =>
        {
            cache.Forget(id);
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        finally
        {
            cache.Forget(id);
        }
    }
}
