using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CrossAcctApi.Sandbox.Federation.Oidc;
using CrossAcctApi.Sandbox.Identity;
using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.Federation;

/// <summary>A permission set provisioned in an account, with the role whose sessions it hands out.</summary>
internal sealed record PermissionSet(string Name, string AccountId, IamRole Role, TimeSpan SessionDuration);

/// <summary>A container's credentials endpoint.</summary>
internal sealed record ContainerRole(string Id, IamRole Role, string? AuthorizationToken)
{
    // The authorization token is a secret: never print it.
    public override string ToString() => $"container {Id} ({Role.Arn})";
}

/// <summary>The instance whose metadata service the sandbox plays.</summary>
internal sealed record InstanceRole(string InstanceId, IamRole Role, bool AllowImdsV1);

/// <summary>
/// The scenario's credential sources, checked against its accounts and roles when the sandbox starts: a wrong provider URL,
/// an unknown role or account, a bad key stop it with the place of the mistake, as a bad policy does.
/// </summary>
internal sealed class FederationDirectory : IDisposable
{
    private static readonly Regex IssuerPattern = new(@"^https://[a-z0-9.-]+(:\d+)?(/[\x21-\x7e]*)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex ContainerIdPattern = new(@"^[A-Za-z0-9._-]{1,128}$", RegexOptions.CultureInvariant);

    private readonly List<OidcProvider> _providers = new();
    private readonly Dictionary<(string AccountId, string Name), PermissionSet> _permissionSets = new();
    private readonly Dictionary<string, HashSet<(string AccountId, string Name)>> _ssoUsers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContainerRole> _containers = new(StringComparer.Ordinal);
    private readonly List<string> _problems = new();
    private readonly SandboxDirectory _directory;

    private FederationDirectory(SandboxDirectory directory)
    {
        _directory = directory;
    }

    public IReadOnlyList<OidcProvider> Providers => _providers;

    public string? SsoStartUrl { get; private set; }

    public string? SsoRegion { get; private set; }

    public IReadOnlyCollection<string> SsoUserNames => _ssoUsers.Keys;

    public InstanceRole? Instance { get; private set; }

    public static FederationDirectory Compile(ScenarioDefinition scenario, SandboxDirectory directory)
    {
        var federation = new FederationDirectory(directory);
        var sources = scenario.CredentialSources ?? new CredentialSourcesDefinition();
        var accounts = scenario.Accounts.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < sources.OidcProviders.Count; i++) federation.AddProvider(sources.OidcProviders[i], accounts, $"credentialSources.oidcProviders[{i}]");
        if (sources.Sso != null) federation.AddSso(sources.Sso, "credentialSources.sso");
        for (var i = 0; i < sources.Containers.Count; i++) federation.AddContainer(sources.Containers[i], $"credentialSources.containers[{i}]");
        if (sources.Instance is { } instance)
        {
            var role = federation.Role(instance.RoleArn, "credentialSources.instance.roleArn");
            if (role != null) federation.Instance = new InstanceRole(instance.InstanceId ?? string.Empty, role, instance.AllowImdsV1);
        }

        if (federation._problems.Count > 0)
        {
            federation.Dispose();
            throw new ScenarioException("The scenario is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, federation._problems.Select(p => "  - " + p)));
        }

        return federation;
    }

    /// <summary>The provider of <paramref name="accountId"/> whose URL is exactly the token's issuer.</summary>
    public OidcProvider? FindProvider(string accountId, string issuer) =>
        _providers.FirstOrDefault(p => p.AccountId == accountId && string.Equals(p.Url, issuer, StringComparison.Ordinal));

    public OidcProvider? FindProviderByHostPath(string hostPath) =>
        _providers.FirstOrDefault(p => string.Equals(p.HostPath, hostPath.TrimStart('/'), StringComparison.Ordinal));

    public PermissionSet? FindPermissionSet(string accountId, string name) => _permissionSets.GetValueOrDefault((accountId, name));

    public bool IsSsoUser(string userName) => _ssoUsers.ContainsKey(userName);

    /// <summary>The permission sets assigned to a user, as (account, permission set name).</summary>
    public IReadOnlyCollection<(string AccountId, string Name)> AssignmentsOf(string userName) =>
        _ssoUsers.TryGetValue(userName, out var assignments) ? assignments : new HashSet<(string, string)>();

    public ContainerRole? FindContainer(string id) => _containers.GetValueOrDefault(id);

    public void Dispose()
    {
        foreach (var provider in _providers) provider.Dispose();
    }

    private void AddProvider(OidcProviderDefinition definition, HashSet<string> accounts, string where)
    {
        var url = definition.Url ?? string.Empty;
        var problemsBefore = _problems.Count;
        if (!accounts.Contains(definition.AccountId ?? string.Empty)) _problems.Add($"{where}.accountId '{definition.AccountId}' is not an account of the scenario");
        if (!IssuerPattern.IsMatch(url) || url.Contains('?') || url.Contains('#')) _problems.Add($"{where}.url '{url}' is not an https:// URL without query or fragment (IAM requires https)");
        if (definition.ClientIds.Count == 0) _problems.Add($"{where}.clientIds is empty; give at least one audience, e.g. sts.amazonaws.com");
        if (_providers.Any(p => p.AccountId == definition.AccountId && p.Url == url)) _problems.Add($"{where}.url '{url}' appears twice in account {definition.AccountId}");
        if (_problems.Count > problemsBefore) return;

        var key = RSA.Create();
        if (definition.PrivateKeyPem is { } pem)
        {
            try
            {
                key.ImportFromPem(pem);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                key.Dispose();
                _problems.Add($"{where}.privateKeyPem is not an RSA private key in PEM: {e.Message}");
                return;
            }

            if (key.KeySize < 2048) _problems.Add($"{where}.privateKeyPem is a {key.KeySize}-bit key; IAM needs RSA keys of 2048 bits or more");
        }
        else
        {
            key.KeySize = 2048;
        }

        _providers.Add(new OidcProvider(definition.AccountId!, _directory.Partition, url, definition.ClientIds.ToList(), key, definition.KeyId));
    }

    private void AddSso(SsoDefinition sso, string where)
    {
        if (string.IsNullOrEmpty(sso.StartUrl) || !sso.StartUrl.StartsWith("https://", StringComparison.Ordinal)) _problems.Add($"{where}.startUrl '{sso.StartUrl}' is not an https:// URL");
        if (!Iam.Arns.AwsNames.IsRegionName(sso.Region)) _problems.Add($"{where}.region '{sso.Region}' is not a region name");
        SsoStartUrl = sso.StartUrl;
        SsoRegion = sso.Region;
        for (var i = 0; i < sso.PermissionSets.Count; i++)
        {
            var set = sso.PermissionSets[i];
            var setWhere = $"{where}.permissionSets[{i}]";
            if (set.SessionDurationSeconds < 3600 || set.SessionDurationSeconds > 43200) _problems.Add($"{setWhere}.sessionDurationSeconds {set.SessionDurationSeconds} is not between 3600 and 43200");
            var role = Role(set.RoleArn, setWhere + ".roleArn");
            if (role != null && role.AccountId != set.AccountId) _problems.Add($"{setWhere}.roleArn is not a role of account {set.AccountId}");
            if (_permissionSets.ContainsKey((set.AccountId, set.Name))) _problems.Add($"{setWhere}.name '{set.Name}' appears twice in account {set.AccountId}");
            if (role != null) _permissionSets[(set.AccountId, set.Name)] = new PermissionSet(set.Name, set.AccountId, role, TimeSpan.FromSeconds(set.SessionDurationSeconds));
        }

        for (var u = 0; u < sso.Users.Count; u++)
        {
            var user = sso.Users[u];
            var userWhere = $"{where}.users[{u}]";
            if (!Iam.Arns.AwsNames.IsSessionName(user.UserName)) _problems.Add($"{userWhere}.userName '{user.UserName}' is not 2-64 of [\\w+=,.@-] (it becomes the session name)");
            var assignments = new HashSet<(string, string)>();
            foreach (var assignment in user.Assignments)
            {
                if (!_permissionSets.ContainsKey((assignment.AccountId, assignment.PermissionSet))) _problems.Add($"{userWhere}.assignments: no permission set '{assignment.PermissionSet}' in account {assignment.AccountId}");
                assignments.Add((assignment.AccountId, assignment.PermissionSet));
            }

            if (!_ssoUsers.TryAdd(user.UserName ?? string.Empty, assignments)) _problems.Add($"{userWhere}.userName '{user.UserName}' appears twice");
        }
    }

    private void AddContainer(ContainerDefinition container, string where)
    {
        if (!ContainerIdPattern.IsMatch(container.Id ?? string.Empty)) _problems.Add($"{where}.id '{container.Id}' is not 1-128 letters, digits, '.', '_' or '-'");
        else if (_containers.ContainsKey(container.Id!)) _problems.Add($"{where}.id '{container.Id}' appears twice");
        if (container.AuthorizationToken is { Length: 0 }) _problems.Add($"{where}.authorizationToken is empty; leave it out for no token");
        var role = Role(container.RoleArn, where + ".roleArn");
        if (role != null && container.Id != null) _containers[container.Id] = new ContainerRole(container.Id, role, container.AuthorizationToken);
    }

    private IamRole? Role(string? roleArn, string where)
    {
        var role = roleArn == null ? null : _directory.FindRole(roleArn);
        if (role == null) _problems.Add($"{where} '{roleArn}' is not a role of the scenario");
        return role;
    }
}
