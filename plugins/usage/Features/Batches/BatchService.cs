using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Plugins.Usage.Features.Records;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Usage.Features.Batches;

/// <summary>
/// 查询 of F-5.5: the batches in scope — SPEC §2's record rule on the importer's department and the importer (org roles
/// their area and below, everyone their own) — and a batch's rows (all rows of a visible batch).
/// </summary>
public sealed class BatchService(PostalDb db, DataScope scope)
{
    public const int PageSize = 50;

    private IQueryable<UsageBatch> InScope() => scope.Records(db.GetTable<UsageBatch>(), b => b.OrgUnitId, b => b.UserId);

    public Task<Paged<BatchRow>> ListAsync(int page) => Paged.OfAsync(Rows(InScope()).OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id), page, PageSize);

    public async Task<BatchDetailsPage> DetailsAsync(int id, int page)
    {
        var batch = await Rows(InScope().Where(b => b.Id == id)).SingleInScopeAsync();
        var records = from r in db.GetTable<UsageRecord>().Where(r => r.BatchId == id)
                      join c in db.BusinessCustomers on r.CustomerId equals c.Id
                      join k in db.KeyAccounts on r.KeyAccountId equals k.Id
                      join p in db.ProductLines on r.ProductLineId equals p.Id
                      join t in db.BusinessTypes on r.BusinessTypeId equals t.Id
                      join u in db.Users on r.ManagerUserId equals u.Id
                      join o in db.OrgUnits on r.OrgUnitId equals o.Id
                      orderby r.Id
                      select new RecordRow
                      {
                          Id = r.Id, UsageDate = r.UsageDate, CustomerId = c.Id, CustomerCode = c.Code, CustomerName = c.Name, KeyAccountNumber = k.Number ?? "",
                          ProductLine = p.Name, BusinessType = t.Name, ManagerUserId = u.Id, Manager = u.DisplayName, Department = o.Name,
                          Volume = r.Volume, ReceivableFen = r.ReceivableFen, ActualFen = r.ActualFen, Source = r.Source, Remarks = r.Remarks,
                      };
        return new BatchDetailsPage { Batch = batch, Rows = await Paged.OfAsync(records, page, PageSize) };
    }

    private IQueryable<BatchRow> Rows(IQueryable<UsageBatch> batches) =>
        from b in batches
        join u in db.Users on b.UserId equals u.Id
        join o in db.OrgUnits on b.OrgUnitId equals o.Id
        select new BatchRow
        {
            Id = b.Id, Sequence = b.Sequence, Department = o.Name, User = u.DisplayName, CreatedAt = b.CreatedAt, FileName = b.FileName,
            RowCount = b.RowCount, TotalVolume = b.TotalVolume, TotalReceivableFen = b.TotalReceivableFen, TotalActualFen = b.TotalActualFen,
        };
}
