using System.Linq.Expressions;
using LinqToDB;

namespace PostalCrm.Sdk.Customers;

/// <summary>The one spelling of "a customer manager's own customers" (SDK 1.16), for the scope rules and the plugins.</summary>
public static class Relationships
{
    /// <summary>
    /// The approved relationships that name the user as customer manager: a manager's own customers. Usable in a query's
    /// projection too (linq2db puts the expression in place, e.g. each listed manager's customers counted per row).
    /// <c>Approved == true</c>, not a bare <c>Approved</c>: SQLite reads a bare boolean column as an expression, not as a
    /// term of the index (manager, approved, customer), and then sorts the customers in a temporary tree instead of
    /// reading them in the index's order.
    /// </summary>
    [ExpressionMethod(nameof(ApprovedOfExpression))] // the body says the same for calls outside a query
    public static IQueryable<BusinessRelationship> ApprovedOf(this IQueryable<BusinessRelationship> relationships, int managerUserId) =>
        relationships.Where(r => r.ManagerUserId == managerUserId && r.Approved == true);

    private static Expression<Func<IQueryable<BusinessRelationship>, int, IQueryable<BusinessRelationship>>> ApprovedOfExpression() =>
        (relationships, managerUserId) => relationships.Where(r => r.ManagerUserId == managerUserId && r.Approved == true);

    /// <summary>The ids of the manager's own customers (<see cref="ApprovedOf"/>), as a sub-query; in a projection too.</summary>
    [ExpressionMethod(nameof(CustomerIdsOfExpression))]
    public static IQueryable<int> CustomerIdsOf(this IQueryable<BusinessRelationship> relationships, int managerUserId) =>
        relationships.ApprovedOf(managerUserId).Select(r => r.CustomerId);

    private static Expression<Func<IQueryable<BusinessRelationship>, int, IQueryable<int>>> CustomerIdsOfExpression() =>
        (relationships, managerUserId) => relationships.ApprovedOf(managerUserId).Select(r => r.CustomerId);
}
