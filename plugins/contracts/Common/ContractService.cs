using System.Globalization;
using LinqToDB.Data;
using Microsoft.AspNetCore.Http;
using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Contracts.Common;

/// <summary>
/// Adds and changes contracts and agreements (F-5.1, F-5.2, F-5.3). Every rule is checked before anything is written; a
/// broken rule throws a <see cref="BusinessRuleException"/> with the Chinese message and nothing is saved.
/// </summary>
public sealed class ContractService(TimeProvider clock, PostalDb db, FileStore files, AuditLog audit, ICurrentUser me,
    CustomerDirectory customers, ContractAccess access)
{
    public const string AuditEntity = "contracts_contract";
    public const long MaxFileBytes = 20L * 1024 * 1024;
    public const int NumberMaxLength = 40;
    public const int RemarksMaxLength = 500;
    public static readonly FilePolicy FilePolicy = FilePolicy.ContractFiles(MaxFileBytes);

    /// <summary>The customer named by the form, identity only (F-5.1 picks any registered customer, SPEC §2).</summary>
    public async Task<CustomerIdentity?> CustomerAsync(int? id)
    {
        if (id is not { } customerId) return null;
        return await (from c in db.BusinessCustomers
                      where c.Id == customerId
                      join d in db.OrgUnits on c.DistrictOrgId equals d.Id
                      select new CustomerIdentity(c.Id, c.Code, c.Name, c.ShortName, c.DistrictOrgId, d.Name)).FirstOrDefaultAsync();
    }

    public Task<IReadOnlyList<CustomerIdentity>> FindCustomersAsync(string? keyword) => customers.FindAsync(keyword, 50);

    /// <summary>F-5.1 / F-5.2: checks everything, then stores the contract, its schedule and (contracts only) the file; returns its id.</summary>
    public async Task<int> CreateAsync(ContractKind kind, ContractForm form)
    {
        var missing = new List<string>();
        if (form.CustomerId is null) missing.Add("客户");
        var number = (form.Number ?? "").Trim();
        if (kind == ContractKind.Contract && number.Length == 0) missing.Add("合同编号");
        if (form.EffectiveDate is null) missing.Add("生效日期");
        if (form.ExpiryDate is null) missing.Add("失效日期");
        var terms = ContractTerms.Check(form, missing);
        if (missing.Count > 0) throw new BusinessRuleException("以下必填项还未填写:" + string.Join("、", missing));
        CheckDates(form);
        if (await CustomerAsync(form.CustomerId) is null) throw new BusinessRuleException("所选客户不存在,请重新查询选择");
        var remarks = Input.OptionalText(form.Remarks, "备注", RemarksMaxLength);
        var upload = form.File is { Length: > 0 } f ? f : null;
        if (kind == ContractKind.Agreement) upload = null; // 协议没有正规文本 (manual §5.1.2)
        if (kind == ContractKind.Contract) await CheckNumberFreeAsync(number, null);

        var contract = new Contract
        {
            Kind = kind, Number = number, CustomerId = form.CustomerId!.Value, OrgUnitId = me.OrgUnit.Id,
            EffectiveDate = form.EffectiveDate!.Value, ExpiryDate = form.ExpiryDate!.Value, Remarks = remarks,
            CreatedBy = me.Id, CreatedAt = clock.UtcNow(),
        };
        Apply(contract, terms!);

        await using var tx = await db.BeginTransactionAsync();
        // The first statement writes (SQLite takes its write lock here, PostgreSQL the counter's row lock), so two saves
        // never read the same serial; the unique index on the number is the last guard.
        if (kind == ContractKind.Agreement) contract.Number = await NextAgreementNumberAsync();
        try
        {
            contract.Id = await db.InsertWithInt32IdentityAsync(contract);
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            throw new BusinessRuleException($"合同编号 {contract.Number} 已存在,请核对后重新填写");
        }
        await db.BulkCopyAsync(terms!.Rows(contract.Id));
        await UnpaidSince.RefreshAsync(db, contract.Id);
        if (upload is not null)
        {
            await using var content = upload.OpenReadStream();
            var file = await files.SaveAsync(content, upload.FileName, FilePolicy);
            contract.FileId = file.Id;
            await db.GetTable<Contract>().Where(c => c.Id == contract.Id).Set(c => c.FileId, file.Id).UpdateAsync();
        }
        await audit.WriteAsync(AuditEntity, contract.Id, "create", null, new { contract, schedule = terms.Schedule.Select(s => new { s.Due, s.Fen }) });
        await tx.CommitAsync();
        return contract.Id;
    }

    /// <summary>
    /// F-5.3 edit. Once a payment exists the fee terms are locked (F-5.4): the form carries none, and a post that changes them
    /// is refused — also when a payment arrives between opening the page and saving (the update requires nothing paid).
    /// </summary>
    public async Task UpdateAsync(int id, ContractForm form)
    {
        var contract = await access.GetAsync(id);
        var schedule = await access.ScheduleAsync(id);
        var missing = new List<string>();
        var number = (form.Number ?? "").Trim();
        if (contract.Kind == ContractKind.Contract && number.Length == 0) missing.Add("合同编号");
        if (form.EffectiveDate is null) missing.Add("生效日期");
        if (form.ExpiryDate is null) missing.Add("失效日期");
        var locked = contract.PaidFen > 0;
        ContractTerms? terms = null;
        if (!locked || form.HasTerms) terms = ContractTerms.Check(form, missing);
        if (missing.Count > 0) throw new BusinessRuleException("以下必填项还未填写:" + string.Join("、", missing));
        CheckDates(form);
        var remarks = Input.OptionalText(form.Remarks, "备注", RemarksMaxLength);
        var termsChange = terms is not null && !terms.SameAs(contract, schedule);
        if (locked && termsChange) throw new BusinessRuleException(LockedMessage);
        if (contract.Kind == ContractKind.Contract && number != contract.Number) await CheckNumberFreeAsync(number, id);

        var before = new
        {
            contract.Number, contract.EffectiveDate, contract.ExpiryDate, contract.Remarks, contract.SettlementType, contract.PaymentDate,
            contract.PeriodMonths, contract.Discount, contract.TotalFen, schedule = schedule.Select(s => new { s.DueDate, s.AmountFen }).ToList(),
        };
        if (contract.Kind == ContractKind.Contract) contract.Number = number;
        contract.EffectiveDate = form.EffectiveDate!.Value;
        contract.ExpiryDate = form.ExpiryDate!.Value;
        contract.Remarks = remarks;
        contract.UpdatedAt = clock.UtcNow();
        if (termsChange) Apply(contract, terms!);

        await using var tx = await db.BeginTransactionAsync();
        var update = db.GetTable<Contract>().Where(c => c.Id == id);
        if (termsChange) update = update.Where(c => c.PaidFen == 0);
        int changed;
        try
        {
            changed = await update
                .Set(c => c.Number, contract.Number).Set(c => c.EffectiveDate, contract.EffectiveDate).Set(c => c.ExpiryDate, contract.ExpiryDate)
                .Set(c => c.Remarks, contract.Remarks).Set(c => c.UpdatedAt, contract.UpdatedAt)
                .Set(c => c.SettlementType, contract.SettlementType).Set(c => c.PaymentDate, contract.PaymentDate)
                .Set(c => c.PeriodMonths, contract.PeriodMonths).Set(c => c.Discount, contract.Discount).Set(c => c.TotalFen, contract.TotalFen)
                .UpdateAsync();
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            throw new BusinessRuleException($"合同编号 {contract.Number} 已存在,请核对后重新填写");
        }
        if (changed == 0) throw new BusinessRuleException(LockedMessage);
        if (termsChange)
        {
            await db.GetTable<Instalment>().Where(i => i.ContractId == id).DeleteAsync();
            await db.BulkCopyAsync(terms!.Rows(id));
            await UnpaidSince.RefreshAsync(db, id);
        }
        await audit.WriteAsync(AuditEntity, id, "update", before,
            new { contract, schedule = terms?.Schedule.Select(s => new { s.Due, s.Fen }) });
        await tx.CommitAsync();
    }

    public const string LockedMessage = "该合同已有缴费记录,缴费方式、金额、日期和折扣等费用条款不能再修改";

    /// <summary>合同上传 on the edit page (浏览, 上传): contracts only; replaces an earlier file.</summary>
    public async Task AttachFileAsync(int id, IFormFile? upload)
    {
        var contract = await access.GetAsync(id);
        if (contract.Kind != ContractKind.Contract) throw new BusinessRuleException("协议没有正规合同文本,不能上传合同文件");
        if (upload is null || upload.Length == 0) throw new BusinessRuleException("请先点击“浏览”选择要上传的合同文件");
        await using var tx = await db.BeginTransactionAsync();
        await using var content = upload.OpenReadStream();
        var file = await files.SaveAsync(content, upload.FileName, FilePolicy);
        await db.GetTable<Contract>().Where(c => c.Id == id).Set(c => c.FileId, file.Id).Set(c => c.UpdatedAt, clock.UtcNow()).UpdateAsync();
        await audit.WriteAsync(AuditEntity, id, "upload", new { contract.FileId }, new { FileId = file.Id, file.OriginalName });
        await tx.CommitAsync();
    }

    /// <summary>The contract's file (合同下载), for those who reach the contract (others 404).</summary>
    public async Task<StoredFile> FileAsync(int id)
    {
        var contract = await access.GetAsync(id);
        return contract.FileId is { } fileId ? await files.FindAsync(fileId) ?? throw new OutOfScopeException() : throw new OutOfScopeException();
    }

    private static void CheckDates(ContractForm form)
    {
        if (form.EffectiveDate >= form.ExpiryDate) throw new BusinessRuleException("生效日期必须早于失效日期");
    }

    private async Task CheckNumberFreeAsync(string number, int? exceptId)
    {
        if (number.Length > NumberMaxLength) throw new BusinessRuleException($"合同编号最多 {NumberMaxLength} 个字符");
        if (await db.GetTable<Contract>().AnyAsync(c => c.Number == number && c.Id != exceptId))
            throw new BusinessRuleException($"合同编号 {number} 已存在,请核对后重新填写");
    }

    private static void Apply(Contract c, ContractTerms terms)
    {
        c.SettlementType = terms.Type;
        c.PaymentDate = terms.PaymentDate;
        c.PeriodMonths = terms.PeriodMonths;
        c.Discount = terms.Discount;
        c.TotalFen = terms.TotalFen;
    }

    /// <summary>协议编号: XY + year + 6-digit serial from one counter row, taken by a conditional UPDATE inside the caller's transaction.</summary>
    private async Task<string> NextAgreementNumberAsync()
    {
        var updated = await db.GetTable<Counter>().Where(c => c.Name == "agreement").Set(c => c.NextValue, c => c.NextValue + 1).UpdateAsync();
        if (updated == 0) throw new InvalidOperationException("contracts_counters has no agreement row");
        var next = await db.GetTable<Counter>().Where(c => c.Name == "agreement").Select(c => c.NextValue).FirstAsync();
        return AgreementNumber(clock.Today().Year, next - 1);
    }

    public static string AgreementNumber(int year, long serial) =>
        "XY" + year.ToString(CultureInfo.InvariantCulture) + serial.ToString("D6", CultureInfo.InvariantCulture);

    private static bool IsUniqueViolation(Exception e) =>
        e.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("23505", StringComparison.Ordinal)
        || e.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase);
}
