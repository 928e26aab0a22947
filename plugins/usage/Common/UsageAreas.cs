using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;

namespace PostalCrm.Plugins.Usage.Common;

/// <summary>
/// The city and district area of every org unit, for a usage record's denormalised <see cref="UsageRecord.CityOrgId"/> and
/// <see cref="UsageRecord.DistrictOrgId"/> (usage 1.4). The org tree is small (hundreds of units): loaded whole per write.
/// </summary>
public sealed class UsageAreas
{
    private readonly Dictionary<int, (int City, int District)> _areas;

    private UsageAreas(Dictionary<int, (int City, int District)> areas) => _areas = areas;

    public static async Task<UsageAreas> LoadAsync(PostalDb db, CancellationToken ct = default)
    {
        var units = await db.OrgUnits.Select(u => new { u.Id, u.Path, u.Level, u.Kind }).ToListAsync(ct);
        var areas = units.Where(u => u.Kind == OrgUnitKind.Area).ToDictionary(u => u.Id, u => u.Level);
        var map = new Dictionary<int, (int, int)>(units.Count);
        foreach (var u in units)
        {
            int city = 0, district = 0;
            foreach (var id in OrgTree.ParsePath(u.Path))
            {
                if (!areas.TryGetValue(id, out var level)) continue;
                if (level == OrgLevel.City) city = id;
                else if (level == OrgLevel.District) district = id;
            }
            map[u.Id] = (city, district);
        }
        return new UsageAreas(map);
    }

    /// <summary>Sets the record's city and district from its unit (an unknown unit: none).</summary>
    public UsageRecord Stamp(UsageRecord record)
    {
        var (city, district) = _areas.GetValueOrDefault(record.OrgUnitId);
        record.CityOrgId = city;
        record.DistrictOrgId = district;
        return record;
    }
}
