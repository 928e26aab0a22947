using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Registration.CustomerInfo;

/// <summary>F-3.7 客户信息维护管理: own customers, basic info, 修改, 客户业务关系管理, 客户联系人管理.</summary>
[Route("registration/customers")]
[RequirePermission(RegistrationPermissions.MaintainCustomers)]
public sealed class CustomerInfoController(CustomerInfoService customers, PostalDb db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] CustomerFilter filter) => View(await customers.ListAsync(filter));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id) => View(await customers.DetailsAsync(id));

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id) => View(await customers.EditPageAsync(id));

    [HttpPost("{id:int}/edit")]
    public Task<IActionResult> Edit(int id, CustomerEditForm form) =>
        this.ChangeAsync(db, () => customers.UpdateAsync(id, form), "客户基本信息已修改",
            () => RedirectToAction(nameof(Details), new { id }), async () => View(await customers.EditPageAsync(id, form)));

    [HttpGet("{id:int}/relationships")]
    public async Task<IActionResult> Relationships(int id) => View(await customers.RelationshipsPageAsync(id));

    [HttpPost("{id:int}/relationships")]
    public Task<IActionResult> Relationships(int id, RelationshipNewForm form) =>
        // Not ChangeAsync: the application service opens its own transaction (one per application, as at 申报).
        this.SubmitAsync(() => customers.AddRelationshipAsync(id, form), "业务关系已提交审批,终审通过(开发成功)后生效",
            () => RedirectToAction(nameof(Relationships), new { id }), async () => View(await customers.RelationshipsPageAsync(id, form)));

    [HttpGet("{id:int}/relationships/{relationshipId:int}/edit")]
    public async Task<IActionResult> EditRelationship(int id, int relationshipId) =>
        View(await customers.RelationshipEditPageAsync(id, relationshipId));

    [HttpPost("{id:int}/relationships/{relationshipId:int}/edit")]
    public Task<IActionResult> EditRelationship(int id, int relationshipId, RelationshipEditForm form) =>
        this.ChangeAsync(db, () => customers.UpdateRelationshipAsync(id, relationshipId, form), "业务关系已修改",
            () => RedirectToAction(nameof(Relationships), new { id }),
            async () => View(await customers.RelationshipEditPageAsync(id, relationshipId, form)));

    [HttpGet("{id:int}/contacts")]
    public async Task<IActionResult> Contacts(int id) => View(await customers.ContactsPageAsync(id));

    [HttpPost("{id:int}/contacts")]
    public Task<IActionResult> Contacts(int id, ContactForm form) =>
        this.ChangeAsync(db, () => customers.AddContactAsync(id, form), "客户联系人已新增",
            () => RedirectToAction(nameof(Contacts), new { id }), async () => View(await customers.ContactsPageAsync(id, form)));

    [HttpPost("{id:int}/contacts/{contactId:int}/delete")]
    public Task<IActionResult> DeleteContact(int id, int contactId) =>
        this.ChangeAsync(db, () => customers.DeleteContactAsync(id, contactId), "客户联系人已删除",
            () => RedirectToAction(nameof(Contacts), new { id }), async () => View(nameof(Contacts), await customers.ContactsPageAsync(id)));
}
