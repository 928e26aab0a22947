using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace PostalCrm.Host.Security;

/// <summary>
/// The UI is Chinese throughout: model-binding messages and the default texts of validation attributes that a
/// plugin author left without an ErrorMessage (including the implicit [Required] of non-nullable properties).
/// </summary>
public static class ChineseValidationMessages
{
    public static void Apply(MvcOptions o)
    {
        var m = o.ModelBindingMessageProvider;
        m.SetValueIsInvalidAccessor(v => $"“{v}”不是有效的值");
        m.SetValueMustBeANumberAccessor(f => $"{f}必须是数字");
        m.SetMissingBindRequiredValueAccessor(f => $"缺少{f}");
        m.SetAttemptedValueIsInvalidAccessor((v, f) => $"{f}的值“{v}”无效");
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(v => $"“{v}”无效");
        m.SetUnknownValueIsInvalidAccessor(f => $"{f}的值无效");
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => "值无效");
        m.SetValueMustNotBeNullAccessor(f => $"请填写{f}");
        m.SetMissingKeyOrValueAccessor(() => "请填写此项");
        m.SetMissingRequestBodyRequiredValueAccessor(() => "请求内容不能为空");
        m.SetNonPropertyValueMustBeANumberAccessor(() => "必须是数字");
        o.ModelMetadataDetailsProviders.Add(new DefaultMessages());
    }

    private sealed class DefaultMessages : IValidationMetadataProvider
    {
        public void CreateValidationMetadata(ValidationMetadataProviderContext context)
        {
            foreach (var a in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>())
            {
                if (a.ErrorMessage is not null || a.ErrorMessageResourceName is not null) continue;
                a.ErrorMessage = a switch
                {
                    RequiredAttribute => "请填写{0}",
                    StringLengthAttribute s when s.MinimumLength > 0 => "{0}的长度必须在{2}到{1}个字符之间",
                    StringLengthAttribute => "{0}不能超过{1}个字符",
                    MaxLengthAttribute => "{0}不能超过{1}个字符",
                    MinLengthAttribute => "{0}至少{1}个字符",
                    RangeAttribute => "{0}必须在{1}到{2}之间",
                    EmailAddressAttribute => "{0}不是有效的电子邮件地址",
                    PhoneAttribute => "{0}不是有效的电话号码",
                    RegularExpressionAttribute => "{0}的格式不正确",
                    _ => "{0}无效",
                };
            }
        }
    }
}
