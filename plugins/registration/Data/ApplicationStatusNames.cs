namespace PostalCrm.Plugins.Registration.Data;

/// <summary>Chinese names shown in lists and histories.</summary>
public static class ApplicationStatusNames
{
    public static string Of(RegistrationApplication a) => a.Status switch
    {
        ApplicationStatus.Submitted => "待预审",
        ApplicationStatus.PreApproved => "预审通过",
        ApplicationStatus.InitialApproved => "初审通过",
        ApplicationStatus.Approved => "开发成功",
        ApplicationStatus.Rejected => a.RejectedStage switch
        {
            ReviewStage.Pre => "预审驳回",
            ReviewStage.Initial => "初审驳回",
            _ => "开发失败",
        },
        _ => a.Status.ToString(),
    };

    public static string Of(ReviewStage stage) => stage switch
    {
        ReviewStage.Pre => "预审",
        ReviewStage.Initial => "初审",
        ReviewStage.Final => "终审",
        _ => stage.ToString(),
    };
}
