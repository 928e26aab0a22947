using PostalCrm.Host.Controllers;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Web;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

/// <summary>Issue 8: the home page's cards are kept a minute per user, and never past a change that should show.</summary>
public sealed class HomeCardsCacheTests
{
    private sealed class Counter
    {
        public int Builds;
        public Task<IReadOnlyList<HomeCardsCache.Shown>> BuildAsync()
        {
            Builds++;
            IReadOnlyList<HomeCardsCache.Shown> cards = [new(new HomeCard($"第 {Builds} 次", []), "test")];
            return Task.FromResult(cards);
        }
    }

    [Test]
    public async Task Cards_are_kept_a_minute_per_user_and_built_again_after_their_write_an_admin_change_or_a_new_day()
    {
        var clock = new MovableClock();
        clock.SetBeijing(new DateTime(2026, 12, 1, 10, 0, 0));
        var users = new UserContextCache(clock);
        var cache = new HomeCardsCache(clock, users);
        var mine = new Counter();
        var theirs = new Counter();

        var first = await cache.GetAsync(1, mine.BuildAsync);
        Assert.That(await cache.GetAsync(1, mine.BuildAsync), Is.SameAs(first), "kept");
        await cache.GetAsync(2, theirs.BuildAsync);
        Assert.That((mine.Builds, theirs.Builds), Is.EqualTo((1, 1)), "one entry per user");

        clock.Offset += TimeSpan.FromSeconds(59);
        await cache.GetAsync(1, mine.BuildAsync);
        Assert.That(mine.Builds, Is.EqualTo(1), "within the minute");
        clock.Offset += TimeSpan.FromSeconds(2);
        await cache.GetAsync(1, mine.BuildAsync);
        Assert.That(mine.Builds, Is.EqualTo(2), "after the minute");

        cache.Forget(2);
        await cache.GetAsync(1, mine.BuildAsync);
        Assert.That(mine.Builds, Is.EqualTo(2), "another user's write leaves my cards");
        cache.Forget(1);
        await cache.GetAsync(1, mine.BuildAsync);
        Assert.That(mine.Builds, Is.EqualTo(3), "my write");

        users.Clear();
        await cache.GetAsync(1, mine.BuildAsync);
        Assert.That(mine.Builds, Is.EqualTo(4), "roles, grants or units changed");

        clock.SetBeijing(new DateTime(2026, 12, 1, 23, 59, 50));
        await cache.GetAsync(1, mine.BuildAsync);
        Assert.That(mine.Builds, Is.EqualTo(5));
        clock.SetBeijing(new DateTime(2026, 12, 2, 0, 0, 5));
        await cache.GetAsync(1, mine.BuildAsync);
        Assert.That(mine.Builds, Is.EqualTo(6), "a new day: today's plan items");
    }

    [Test]
    public async Task Cards_built_while_the_users_write_commits_are_not_kept()
    {
        var clock = new MovableClock();
        var cache = new HomeCardsCache(clock, new UserContextCache(clock));
        var builds = 0;
        await cache.GetAsync(1, () =>
        {
            builds++;
            cache.Forget(1); // the user's POST finishes while these cards are being read
            return Task.FromResult<IReadOnlyList<HomeCardsCache.Shown>>([]);
        });
        await cache.GetAsync(1, () =>
        {
            builds++;
            return Task.FromResult<IReadOnlyList<HomeCardsCache.Shown>>([]);
        });
        Assert.That(builds, Is.EqualTo(2));
    }
}
