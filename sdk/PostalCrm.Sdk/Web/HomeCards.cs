using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Sdk.Web;

/// <summary>
/// A card on the home page (首页), e.g. a customer manager's arrears alert. Register it in <c>ConfigureServices</c>:
/// <c>services.AddScoped&lt;IHomeCard, MyCard&gt;()</c>. The host asks every registered card and shows those that answer one, by
/// <see cref="HomeCard.Order"/>; keep the query small (the home page has a budget, ARCHITECTURE §9). The host keeps a user's
/// cards for a minute: any POST of that user, an administration write or a new day builds them again, so a card shows the
/// user's own changes at once and other users' within the minute.
/// </summary>
public interface IHomeCard
{
    /// <summary>The plugin id: the host resolves the card's links inside this plugin (its MVC area).</summary>
    string PluginId { get; }

    /// <summary>The card for the signed-in user, or null when it has nothing for them (no permission, not their role).</summary>
    Task<HomeCard?> BuildAsync(CancellationToken ct = default);
}

/// <param name="Title">Card header, e.g. 合同欠费提醒.</param>
/// <param name="Lines">One line each; a line with a link opens that page.</param>
/// <param name="Order">Sort key among the cards.</param>
public sealed record HomeCard(string Title, IReadOnlyList<HomeCardLine> Lines, int Order = 100);

/// <param name="Text">The line as shown.</param>
/// <param name="Link">Controller and action inside the card's plugin (as a menu entry's link), or null for plain text.</param>
/// <param name="Alert">True to show the line as a warning.</param>
public sealed record HomeCardLine(string Text, MenuLink? Link = null, bool Alert = false);
