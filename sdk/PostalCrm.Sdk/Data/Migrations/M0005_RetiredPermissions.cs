using FluentMigrator;

namespace PostalCrm.Sdk.Data.Migrations;

/// <summary>
/// A permission no loaded plugin (nor the host) declares any more stays in the catalogue for audit, marked retired:
/// hidden from 角色权限 and not effective. Its grants stay, so declaring it again restores them.
/// </summary>
[Migration(2026113002, "known_permissions.retired")]
public sealed class M0005_RetiredPermissions : Migration
{
    public override void Up() =>
        Alter.Table("known_permissions").AddColumn("retired").AsBoolean().NotNullable().WithDefaultValue(false);

    public override void Down() => Delete.Column("retired").FromTable("known_permissions");
}
