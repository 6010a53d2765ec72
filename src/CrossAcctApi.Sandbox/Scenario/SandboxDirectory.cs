using System.Text.Json;
using System.Text.RegularExpressions;
using CrossAcctApi.Sandbox.ExecuteApi;
using CrossAcctApi.Sandbox.Iam.Arns;
using CrossAcctApi.Sandbox.Iam.Policies;
using CrossAcctApi.Sandbox.Identity;

namespace CrossAcctApi.Sandbox.Scenario;

/// <summary>
/// The scenario checked and indexed for lookups: users by access key, roles by ARN, managed policies by ARN,
/// HTTP APIs by id. Every policy is parsed once here, so a bad policy stops the sandbox at start-up with the
/// place it is in, not at the first request.
/// </summary>
internal sealed class SandboxDirectory
{
    private static readonly Regex AccountIdPattern = new(@"^\d{12}$", RegexOptions.CultureInvariant);
    private static readonly Regex IamNamePattern = new(@"^[\w+=,.@-]{1,64}$", RegexOptions.CultureInvariant);
    private static readonly Regex AccessKeyIdPattern = new(@"^AKIA[A-Z0-9]{12,124}$", RegexOptions.CultureInvariant);
    private static readonly Regex ApiIdPattern = new(@"^[a-z0-9]{10}$", RegexOptions.CultureInvariant);
    private static readonly Regex StagePattern = new(@"^(\$default|[A-Za-z0-9_-]{1,128})$", RegexOptions.CultureInvariant);
    private static readonly Regex MfaCodePattern = new(@"^\d{6}$", RegexOptions.CultureInvariant);

    private readonly Dictionary<string, UserKey> _userKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IamRole> _rolesByArn = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, NamedPolicy> _managedPolicies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HttpApi> _apis = new(StringComparer.Ordinal);
    private readonly List<string> _problems = new();

    private SandboxDirectory(string partition)
    {
        Partition = partition;
    }

    public string Partition { get; }

    public IReadOnlyCollection<HttpApi> Apis => _apis.Values;

    public static SandboxDirectory Compile(ScenarioDefinition scenario)
    {
        var partition = string.IsNullOrEmpty(scenario.Partition) ? AwsNames.DefaultPartition : scenario.Partition;
        var directory = new SandboxDirectory(partition);
        if (!AwsNames.IsKnownPartition(partition)) directory._problems.Add($"partition '{partition}' is not a known AWS partition");

        var accountIds = new HashSet<string>(StringComparer.Ordinal);
        for (var a = 0; a < scenario.Accounts.Count; a++)
        {
            var account = scenario.Accounts[a];
            var where = $"accounts[{a}]";
            var accountId = account.Id ?? string.Empty;
            if (!AccountIdPattern.IsMatch(accountId)) directory._problems.Add($"{where}.id '{account.Id}' is not a 12-digit account id");
            else if (!accountIds.Add(accountId)) directory._problems.Add($"{where}.id '{account.Id}' appears twice");
            directory.AddManagedPolicies(account, where);
        }

        for (var a = 0; a < scenario.Accounts.Count; a++)
        {
            var account = scenario.Accounts[a];
            for (var u = 0; u < account.Users.Count; u++) directory.AddUser(account, account.Users[u], $"accounts[{a}].users[{u}]");
            for (var r = 0; r < account.Roles.Count; r++) directory.AddRole(account, account.Roles[r], $"accounts[{a}].roles[{r}]");
        }

        for (var i = 0; i < scenario.HttpApis.Count; i++) directory.AddApi(scenario.HttpApis[i], accountIds, $"httpApis[{i}]");

        if (directory._problems.Count > 0)
        {
            throw new ScenarioException("The scenario is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, directory._problems.Select(p => "  - " + p)));
        }

        return directory;
    }

    /// <summary>The user that owns a long-term access key, with its secret.</summary>
    public bool TryFindUserKey(string accessKeyId, out IamUser user, out string secretAccessKey)
    {
        if (_userKeys.TryGetValue(accessKeyId, out var key))
        {
            user = key.User;
            secretAccessKey = key.Secret;
            return true;
        }

        user = null!;
        secretAccessKey = string.Empty;
        return false;
    }

    public IamRole? FindRole(string roleArn) => _rolesByArn.TryGetValue(roleArn, out var role) ? role : null;

    public NamedPolicy? FindManagedPolicy(string policyArn) => _managedPolicies.TryGetValue(policyArn, out var policy) ? policy : null;

    public HttpApi? FindApi(string apiId) => _apis.TryGetValue(apiId, out var api) ? api : null;

    private void AddManagedPolicies(AccountDefinition account, string where)
    {
        foreach (var (name, json) in account.ManagedPolicies)
        {
            if (!IamNamePattern.IsMatch(name)) _problems.Add($"{where}.managedPolicies '{name}' is not a valid policy name");
            var policy = ParsePolicy(name, json, $"{where}.managedPolicies.{name}", PolicyUse.Identity);
            if (policy != null) _managedPolicies[$"arn:{Partition}:iam::{account.Id}:policy/{name}"] = policy;
        }
    }

    private void AddUser(AccountDefinition account, UserDefinition user, string where)
    {
        if (!IamNamePattern.IsMatch(user.Name ?? string.Empty)) _problems.Add($"{where}.name '{user.Name}' is not a valid IAM user name");
        var path = NormalisePath(user.Path, where);
        var arn = $"arn:{Partition}:iam::{account.Id}:user{path}{user.Name}";
        var iamUser = new IamUser
        {
            Name = user.Name ?? string.Empty,
            AccountId = account.Id,
            Arn = arn,
            UserId = UniqueIds.ForUser(arn),
            Policies = ParsePolicies(user.Policies, where + ".policies"),
            PermissionsBoundary = FindBoundary(user.PermissionsBoundary, where),
            MfaDevices = user.MfaDevices.Select((d, i) => CheckMfaDevice(d, $"{where}.mfaDevices[{i}]")).ToList(),
        };

        for (var k = 0; k < user.AccessKeys.Count; k++)
        {
            var key = user.AccessKeys[k];
            var keyWhere = $"{where}.accessKeys[{k}]";
            var keyId = key.AccessKeyId ?? string.Empty;
            if (!AccessKeyIdPattern.IsMatch(keyId)) _problems.Add($"{keyWhere}.accessKeyId '{key.AccessKeyId}' is not AKIA followed by 12 or more upper-case letters or digits");
            else if (_userKeys.ContainsKey(keyId)) _problems.Add($"{keyWhere}.accessKeyId '{key.AccessKeyId}' is used twice");
            else if (string.IsNullOrEmpty(key.SecretAccessKey) || key.SecretAccessKey.Length < 16) _problems.Add($"{keyWhere}.secretAccessKey is missing or shorter than 16 characters");
            else _userKeys.Add(keyId, new UserKey(iamUser, key.SecretAccessKey));
        }
    }

    private MfaDevice CheckMfaDevice(MfaDeviceDefinition device, string where)
    {
        if (string.IsNullOrEmpty(device.SerialNumber) || device.SerialNumber.Length < 9) _problems.Add($"{where}.serialNumber is missing or shorter than 9 characters");
        foreach (var code in device.AcceptedCodes.Where(c => !MfaCodePattern.IsMatch(c ?? string.Empty))) _problems.Add($"{where}.acceptedCodes '{code}' is not 6 digits");
        return new MfaDevice(device.SerialNumber ?? string.Empty, device.AcceptedCodes.ToList());
    }

    private void AddRole(AccountDefinition account, RoleDefinition role, string where)
    {
        if (!IamNamePattern.IsMatch(role.Name ?? string.Empty)) _problems.Add($"{where}.name '{role.Name}' is not a valid IAM role name");
        if (role.MaxSessionDurationSeconds < 3600 || role.MaxSessionDurationSeconds > 43200) _problems.Add($"{where}.maxSessionDurationSeconds {role.MaxSessionDurationSeconds} is not between 3600 and 43200");
        var path = NormalisePath(role.Path, where);
        var arn = $"arn:{Partition}:iam::{account.Id}:role{path}{role.Name}";

        var trust = role.TrustPolicy.ValueKind == JsonValueKind.Undefined
            ? null
            : ParsePolicy("trust policy", role.TrustPolicy, where + ".trustPolicy", PolicyUse.Trust);
        if (role.TrustPolicy.ValueKind == JsonValueKind.Undefined) _problems.Add($"{where}.trustPolicy is missing");

        var policies = ParsePolicies(role.Policies, where + ".policies").ToList();
        foreach (var managedArn in role.ManagedPolicyArns)
        {
            var managed = FindManagedPolicy(managedArn);
            if (managed == null) _problems.Add($"{where}.managedPolicyArns '{managedArn}' is not a managed policy of the scenario");
            else policies.Add(managed);
        }

        var iamRole = new IamRole
        {
            Name = role.Name ?? string.Empty,
            AccountId = account.Id,
            Arn = arn,
            RoleId = UniqueIds.ForRole(arn),
            MaxSessionDuration = TimeSpan.FromSeconds(role.MaxSessionDurationSeconds),
            TrustPolicy = trust?.Document!,
            Policies = policies,
            PermissionsBoundary = FindBoundary(role.PermissionsBoundary, where),
        };

        // IAM role names are unique per account regardless of case (and of path).
        var byName = $"arn:{Partition}:iam::{account.Id}:role/{role.Name}";
        if (_rolesByArn.Values.Any(r => r.AccountId == account.Id && string.Equals(r.Name, role.Name, StringComparison.OrdinalIgnoreCase)))
        {
            _problems.Add($"{where}.name '{role.Name}' is used by another role of account {account.Id}");
            return;
        }

        _rolesByArn[arn] = iamRole;
        if (!string.Equals(byName, arn, StringComparison.Ordinal)) _rolesByArn[byName] = iamRole;
    }

    private void AddApi(HttpApiDefinition api, HashSet<string> accountIds, string where)
    {
        var apiId = api.Id ?? string.Empty;
        if (!ApiIdPattern.IsMatch(apiId)) _problems.Add($"{where}.id '{api.Id}' is not 10 lower-case letters or digits");
        else if (_apis.ContainsKey(apiId)) _problems.Add($"{where}.id '{api.Id}' appears twice");
        if (!accountIds.Contains(api.AccountId ?? string.Empty)) _problems.Add($"{where}.accountId '{api.AccountId}' is not an account of the scenario");
        if (!AwsNames.IsRegionName(api.Region)) _problems.Add($"{where}.region '{api.Region}' is not a region name");
        if (api.Stages.Count == 0) _problems.Add($"{where}.stages is empty; give at least one stage ($default or a name)");
        foreach (var stage in api.Stages.Where(s => !StagePattern.IsMatch(s ?? string.Empty))) _problems.Add($"{where}.stages '{stage}' is not $default or 1-128 letters, digits, '-' or '_'");

        var routes = new List<ApiRoute>();
        for (var r = 0; r < api.Routes.Count; r++)
        {
            var route = api.Routes[r];
            var routeWhere = $"{where}.routes[{r}]";
            var auth = route.AuthorizationType ?? string.Empty;
            if (auth != RouteAuthorization.AwsIam && auth != RouteAuthorization.None) _problems.Add($"{routeWhere}.authorizationType '{auth}' is not AWS_IAM or NONE");
            if (route.Response.StatusCode < 100 || route.Response.StatusCode > 599) _problems.Add($"{routeWhere}.response.statusCode {route.Response.StatusCode} is not an HTTP status");
            var parsed = ApiRoute.Create(route.RouteKey ?? string.Empty, auth != RouteAuthorization.None, route.Response, out var problem);
            if (parsed == null) _problems.Add($"{routeWhere}.routeKey: {problem}");
            else if (routes.Any(existing => existing.RouteKey == parsed.RouteKey)) _problems.Add($"{routeWhere}.routeKey '{route.RouteKey}' appears twice");
            else routes.Add(parsed);
        }

        if (apiId.Length > 0)
        {
            _apis[apiId] = new HttpApi
            {
                Id = apiId,
                AccountId = api.AccountId ?? string.Empty,
                Region = api.Region ?? string.Empty,
                Stages = new HashSet<string>(api.Stages, StringComparer.Ordinal),
                Routes = routes,
            };
        }
    }

    private IReadOnlyList<NamedPolicy> ParsePolicies(Dictionary<string, JsonElement> policies, string where) =>
        policies.Select(p => ParsePolicy(p.Key, p.Value, $"{where}.{p.Key}", PolicyUse.Identity)).OfType<NamedPolicy>().ToList();

    private NamedPolicy? FindBoundary(string? policyArn, string where)
    {
        if (policyArn == null) return null;
        var boundary = FindManagedPolicy(policyArn);
        if (boundary == null) _problems.Add($"{where}.permissionsBoundary '{policyArn}' is not a managed policy of the scenario");
        return boundary;
    }

    private NamedPolicy? ParsePolicy(string name, JsonElement json, string where, PolicyUse use)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            _problems.Add($"{where} is not a JSON object (write the policy document itself, not a string)");
            return null;
        }

        if (!PolicyParser.TryParse(json.GetRawText(), use, out var document, out var error))
        {
            _problems.Add($"{where} is not a valid IAM policy: {error}");
            return null;
        }

        return new NamedPolicy(name, document!);
    }

    private string NormalisePath(string? path, string where)
    {
        path = string.IsNullOrEmpty(path) ? "/" : path;
        if (!path.StartsWith('/') || !path.EndsWith('/')) _problems.Add($"{where}.path '{path}' must start and end with '/'");
        return path;
    }

    private sealed record UserKey(IamUser User, string Secret)
    {
        public override string ToString() => $"key of {User.Arn}";
    }
}
