using LinqToDB;
using LinqToDB.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Numbering;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Reference;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Sdk.Data;

/// <summary>
/// One database connection per request (scoped). Plugins reach their own tables with <c>GetTable&lt;T&gt;()</c>.
/// SQL stays portable: provider-specific SQL lives only in provider-specific classes.
/// </summary>
public sealed class PostalDb(DataOptions options) : DataConnection(options)
{
    public ITable<OrgUnit> OrgUnits => this.GetTable<OrgUnit>();
    public ITable<UserAccount> Users => this.GetTable<UserAccount>();
    public ITable<Role> Roles => this.GetTable<Role>();
    public ITable<UserRole> UserRoles => this.GetTable<UserRole>();
    public ITable<RoleGrant> RoleGrants => this.GetTable<RoleGrant>();
    public ITable<PermissionCatalogEntry> PermissionCatalog => this.GetTable<PermissionCatalogEntry>();

    public ITable<ProductLine> ProductLines => this.GetTable<ProductLine>();
    public ITable<BusinessType> BusinessTypes => this.GetTable<BusinessType>();
    public ITable<CustomerLevel> CustomerLevels => this.GetTable<CustomerLevel>();
    public ITable<Industry> Industries => this.GetTable<Industry>();
    public ITable<Indicator> Indicators => this.GetTable<Indicator>();
    public ITable<VisitFrequency> VisitFrequencies => this.GetTable<VisitFrequency>();

    public ITable<BusinessCustomer> BusinessCustomers => this.GetTable<BusinessCustomer>();
    public ITable<KeyAccount> KeyAccounts => this.GetTable<KeyAccount>();
    public ITable<BusinessRelationship> BusinessRelationships => this.GetTable<BusinessRelationship>();
    public ITable<Contact> Contacts => this.GetTable<Contact>();

    public ITable<NumberRange> NumberRanges => this.GetTable<NumberRange>();
    public ITable<AuditEntry> AuditEntries => this.GetTable<AuditEntry>();
    public ITable<StoredFile> StoredFiles => this.GetTable<StoredFile>();

    public bool IsPostgres => DataProvider.Name.StartsWith("PostgreSQL", StringComparison.Ordinal);
}
