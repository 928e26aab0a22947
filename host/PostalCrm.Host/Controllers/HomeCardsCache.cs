using PostalCrm.Host.Security;
using PostalCrm.Sdk.Time;
using PostalCrm.Sdk.Web;

namespace PostalCrm.Host.Controllers;

/// <summary>
/// The home page's cards (<see cref="IHomeCard"/>) per user for <see cref="TimeToLive"/>: a customer manager's home page
/// ran six card statements on every view, four times the cost of the page itself (issue 8). The cards are reminders, so a
/// minute's delay is acceptable for what other users change (a payment recorded by the department); what the user changes
/// shows at once: any write of theirs (a POST, <see cref="PostalCrm.Host.Security.WritesForget"/>) drops their entry, administration writes
/// (roles, grants, units: <see cref="UserContextCache.Clear"/>) drop every entry, and a new day starts afresh.
/// </summary>
public sealed class HomeCardsCache(TimeProvider clock, UserContextCache users)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(1);

    /// <summary>A card as shown, with the plugin whose links it resolves.</summary>
    public sealed record Shown(HomeCard Card, string PluginId);

    private sealed record Kept(DateOnly Day, IReadOnlyList<Shown> Cards);

    private readonly ShortCache<int, Kept> _cache = new(clock, users, TimeToLive);

    public async Task<IReadOnlyList<Shown>> GetAsync(int userId, Func<Task<IReadOnlyList<Shown>>> build)
    {
        var day = clock.Today();
        async Task<Kept> Build() => new(day, await build());
        var kept = await _cache.GetAsync(userId, Build);
        if (kept.Day == day) return kept.Cards;
        // Kept since yesterday: today's plan items differ.
        _cache.Forget(userId);
        return (await _cache.GetAsync(userId, Build)).Cards;
    }

    /// <summary>The user changed something: their next home page builds its cards again.</summary>
    public void Forget(int userId) => _cache.Forget(userId);
}
