using System.Linq.Expressions;
using System.Reflection;
using LinqToDB;
using LinqToDB.Interceptors;
using LinqToDB.Internal.Expressions;

namespace PostalCrm.Sdk.Data;

/// <summary>
/// Puts the sub-queries a query captures (a scope rule's <c>units</c>, <c>db.Users</c> inside a lambda, the data context
/// itself) into its tree before linq2db looks the query up in its cache (issue 8, SDK 1.12).
/// <para>
/// linq2db finds a query in its cache by its tree. A tree that holds a captured <see cref="IQueryable"/> misses the first
/// lookup: linq2db then "exposes" it — walks every node, looks up mapping attributes for each call and member, inlines
/// the captured queries — and finds it on a second lookup. That walk was a tenth of a list page's CPU (profile of
/// 用邮明细查询, SQLite), on every request, because every scope rule captures the sub-query of the user's units.
/// </para>
/// <para>
/// This does the inlining part alone, which is all those trees need, and exactly as linq2db does it (a captured query
/// becomes its own expression, a captured data context the query root), so the tree is already in its exposed form:
/// linq2db's walk leaves it as it is, adds it to the cache as it is, and finds it there on the first lookup from then on.
/// A tree that needs more (a mapped method to expand, say) is exposed by linq2db as before: nothing changes in the SQL.
/// </para>
/// </summary>
public sealed class CapturedQueryInliner : IQueryExpressionInterceptor
{
    public static readonly CapturedQueryInliner Instance = new();

    private CapturedQueryInliner() { }

    public Expression ProcessExpression(Expression expression, QueryExpressionArgs args) =>
        args.Kind == QueryExpressionArgs.ExpressionKind.Query ? new Inliner(args.DataContext).Visit(expression) : expression;

    private sealed class Inliner(IDataContext context) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node)
        {
            if (typeof(IQueryable).IsAssignableFrom(node.Type) && !typeof(Sql.IQueryableContainer).IsAssignableFrom(node.Type)
                && TryRead(node, out var value) && value is IQueryable query)
                return Visit(query.Expression);
            if (typeof(IDataContext).IsAssignableFrom(node.Type) && TryRead(node, out var dc) && dc is IDataContext captured
                && SameMapping(captured) && (node.Type.IsAssignableFrom(context.GetType()) || context.GetType().IsAssignableFrom(node.Type)))
                return new SqlQueryRootExpression(context.MappingSchema, node.Type);
            return base.VisitMember(node);
        }

        protected override Expression VisitConstant(ConstantExpression node) =>
            node.Value is IQueryable query && !typeof(Sql.IQueryableContainer).IsAssignableFrom(node.Type) && query.Expression != node
                ? Visit(query.Expression)
                : node;

        private bool SameMapping(IDataContext captured) =>
            ((LinqToDB.Internal.Common.IConfigurationID)captured.MappingSchema).ConfigurationID ==
            ((LinqToDB.Internal.Common.IConfigurationID)context.MappingSchema).ConfigurationID;

        /// <summary>
        /// The value of a chain of fields and properties that starts at a constant (a closure): what the lambda captured.
        /// Anything else (a lambda's parameter, a method call) is left to linq2db.
        /// </summary>
        private static bool TryRead(MemberExpression node, out object? value)
        {
            value = null;
            object? target;
            switch (node.Expression)
            {
                case ConstantExpression c: target = c.Value; break;
                case MemberExpression inner when TryRead(inner, out var v): target = v; break;
                default: return false;
            }
            if (target is null) return false;
            switch (node.Member)
            {
                case FieldInfo f: value = f.GetValue(target); return true;
                case PropertyInfo { GetMethod: not null } p when p.GetIndexParameters().Length == 0: value = p.GetValue(target); return true;
                default: return false;
            }
        }
    }
}
