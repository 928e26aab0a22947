using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PostalCrm.Plugins.Registration.EBranch;

namespace PostalCrm.Plugins.Registration.EBranch
{
    public static class EBranchFeature
    {
        /// <summary>F-3.11: the e-branch API and its own API-key scheme (never the cookie).</summary>
        public static IServiceCollection AddEBranchFeature(this IServiceCollection services)
        {
            services.AddScoped<EBranchService>();
            services.AddAuthentication().AddScheme<EBranchApiKeyOptions, EBranchApiKeyHandler>(EBranchAuth.Scheme, null);
            services.AddOptions<EBranchApiKeyOptions>(EBranchAuth.Scheme).Configure<IConfiguration>((o, cfg) => o.Load(cfg.GetSection(EBranchAuth.ConfigSection)));
            services.AddAuthorization(o => o.AddPolicy(EBranchAuth.Policy, p => p
                .AddAuthenticationSchemes(EBranchAuth.Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(EBranchAuth.ClientClaim)));
            return services;
        }
    }
}

namespace PostalCrm.Plugins.Registration.EBranch
{
    public static class EBranchAuth
    {
        public const string Scheme = "EBranchApiKey";
        public const string Policy = "ebranch-api";
        public const string Header = "X-Api-Key";
        public const string ClientClaim = "ebranch_client";
        /// <summary>An array of { Name, KeyHash } (hex SHA-256 of the key) or { Name, Key } (hashed at start). Never commit a real key.</summary>
        public const string ConfigSection = "Registration:EBranch:ApiKeys";

        public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    public sealed class EBranchApiKeyOptions : AuthenticationSchemeOptions
    {
        /// <summary>Client name → SHA-256 of its key.</summary>
        public List<(string Name, byte[] Hash)> Keys { get; } = [];

        public void Load(IConfigurationSection section)
        {
            Keys.Clear();
            foreach (var k in section.GetChildren())
            {
                var name = k["Name"] is { Length: > 0 } n ? n : k.Key;
                if (k["KeyHash"] is { Length: > 0 } hash) Keys.Add((name, Convert.FromHexString(hash.Trim())));
                else if (k["Key"] is { Length: > 0 } plain) Keys.Add((name, Convert.FromHexString(EBranchAuth.Hash(plain))));
            }
        }
    }

    /// <summary>Header <c>X-Api-Key</c> checked against the configured hashes (constant time). Failures answer 401 JSON, never a redirect.</summary>
    public sealed class EBranchApiKeyHandler(IOptionsMonitor<EBranchApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<EBranchApiKeyOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var key = Request.Headers[EBranchAuth.Header].ToString();
            if (key.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
            foreach (var (name, expected) in Options.Keys)
            {
                if (!CryptographicOperations.FixedTimeEquals(hash, expected)) continue;
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(EBranchAuth.ClientClaim, name)], Scheme.Name);
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
            }
            return Task.FromResult(AuthenticateResult.Fail("invalid API key"));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            Response.Headers.WWWAuthenticate = $"ApiKey header=\"{EBranchAuth.Header}\"";
            return WriteProblemAsync(StatusCodes.Status401Unauthorized, $"缺少或无效的 API 密钥(请求头 {EBranchAuth.Header})");
        }

        protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
            WriteProblemAsync(StatusCodes.Status403Forbidden, "该 API 密钥无权访问");

        private Task WriteProblemAsync(int status, string title)
        {
            Response.StatusCode = status;
            Response.ContentType = "application/problem+json; charset=utf-8";
            return Response.WriteAsync(JsonSerializer.Serialize(new ProblemDetails { Title = title, Status = status }, EBranchJson.Options));
        }
    }
}
