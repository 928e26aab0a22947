namespace PostalCrm.Plugins.Registration.Data;

/// <summary>Chinese names shown in lists and histories.</summary>
public static class ApplicationStatusNames
{
    public static string Of(RegistrationApplication a) => Of(a.Status, a.RejectedStage);

    /// <summary>The same name from the two columns alone (lists read only the columns they show).</summary>
    public static string Of(ApplicationStatus status, ReviewStage? rejectedStage) => status switch
    {
        ApplicationStatus.Submitted => "待预审",
        ApplicationStatus.PreApproved => "预审通过",
        ApplicationStatus.InitialApproved => "初审通过",
        ApplicationStatus.Approved => "开发成功",
        ApplicationStatus.Rejected => rejectedStage switch
        {
            ReviewStage.Pre => "预审驳回",
            ReviewStage.Initial => "初审驳回",
            _ => "开发失败",
        },
        _ => status.ToString(),
    };

    public static string Of(ReviewStage stage) => stage switch
    {
        ReviewStage.Pre => "预审",
        ReviewStage.Initial => "初审",
        ReviewStage.Final => "终审",
        _ => stage.ToString(),
    };
}
