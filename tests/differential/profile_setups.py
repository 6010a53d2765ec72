"""Seeded generator of shared config/credentials set-ups for the profile differential suite (issue 15).

Each set-up is a folder with `config`, `credentials`, maybe a credential_process script, a web identity token and an SSO
token cache under its own HOME, and an environment. Chains of 1-3 hops over source_profile / credential_source /
credential_process / web identity / SSO / static keys, with external_id, mfa_serial, duration_seconds,
role_session_name, region in profile vs environment, endpoint settings, AWS_PROFILE / AWS_CONFIG_FILE /
AWS_SHARED_CREDENTIALS_FILE, comments, continuation lines and odd section names.

usage: python3 profile_setups.py SEED COUNT OUT_DIR  -> writes OUT_DIR/setups.json
"""
import json, os, random, stat, sys, hashlib

ROLES = ["arn:aws:iam::111111111111:role/CrossAccountInvoker", "arn:aws:iam::111111111111:role/AuditReader",
         "arn:aws:iam::222222222222:role/CiDeployer", "arn:aws:iam::111111111111:role/Chain-%d"]
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2", "eu-central-1"]
ODD_NAMES = ["with space", "dots.and-dashes", "UPPER", "x", "profile"]


def section(kind, name, rnd):
    if kind == "config":
        if name == "default":
            return "[default]"
        if " " in name:
            return rnd.choice(['[profile "%s"]' % name, "[profile %s]" % name])  # the second is no profile to botocore
        return rnd.choice(["[profile %s]", "[profile  %s]", "[profile %s]   # note"]) % name
    return rnd.choice(["[%s]", "[profile %s]"]) % name if rnd.random() < 0.1 else "[%s]" % name


def write_setup(rnd, index, root):
    folder = os.path.join(root, "s%03d" % index)
    home = os.path.join(folder, "home")
    os.makedirs(os.path.join(home, ".aws", "sso", "cache"))
    config, credentials = [], []
    env = {"HOME": home, "AWS_EC2_METADATA_DISABLED": "true"}
    names = ["p%d" % i for i in range(4)]
    if rnd.random() < 0.15:
        names[0] = rnd.choice(ODD_NAMES)
    top = names[0] if rnd.random() < 0.9 else "default"
    hops = rnd.choice([1, 1, 2, 2, 3, 0])
    chain = [top] + names[1:hops + 1] if hops else [top]
    source_kind = rnd.choice(["static", "static", "static-creds", "process", "web", "sso", "env", "container", "self"])
    def opt(lines, key, value):
        lines.append(key + rnd.choice([" = ", "=", " =  ", ": "]) + value)
    # Roles on the chain, outermost first.
    for position, name in enumerate(chain[:hops]):
        lines = [section("config", name, rnd)]
        role = rnd.choice(ROLES)
        opt(lines, "role_arn", role % position if "%d" in role else role)
        nxt = chain[position + 1] if position + 1 < len(chain) else None
        last = position == hops - 1
        if last and source_kind == "env":
            opt(lines, "credential_source", "Environment")
        elif last and source_kind == "container":
            opt(lines, "credential_source", rnd.choice(["EcsContainer", "EcsContainer", "ecscontainer"]))
        elif last and source_kind == "self":
            opt(lines, "source_profile", name)
            opt(lines, "aws_access_key_id", "AKIASELF%012d" % index)
            opt(lines, "aws_secret_access_key", "secret-self")
        else:
            opt(lines, "source_profile", nxt if rnd.random() > 0.04 else "missing-profile")
        if rnd.random() < 0.03:
            opt(lines, "credential_source", "Environment")
        if rnd.random() < 0.3:
            opt(lines, "role_session_name", "s-%d-%d" % (index, position))
        if rnd.random() < 0.2:
            opt(lines, "external_id", "ext-%d" % index)
        if rnd.random() < 0.15:
            opt(lines, "mfa_serial", "arn:aws:iam::222222222222:mfa/ops-engineer")
        if rnd.random() < 0.25:
            opt(lines, "duration_seconds", rnd.choice(["900", "3600", "7200", "abc"]))
        if position == 0:
            add_top_settings(rnd, lines, config, env, index)
        if rnd.random() < 0.1:
            lines.append("# a comment line")
            lines.append("; another")
        config.extend(lines + [""])
    # The source profile at the end of the chain.
    source = chain[hops] if hops else top
    if source_kind in ("env", "container", "self") and hops:
        if source_kind == "env" and rnd.random() < 0.8:
            env.update({"AWS_ACCESS_KEY_ID": "AKIAENV%013d" % index, "AWS_SECRET_ACCESS_KEY": "secret-env"})
        if source_kind == "container" and rnd.random() < 0.8:
            env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:9/v2/credentials/x"
    else:
        lines = [section("creds" if source_kind == "static-creds" else "config", source, rnd)]
        target = credentials if source_kind == "static-creds" else config
        if source_kind in ("static", "static-creds", "env", "container", "self"):
            opt(lines, "aws_access_key_id", "AKIASRC%013d" % index)
            if rnd.random() < 0.95:
                opt(lines, "aws_secret_access_key", "secret-src")
        elif source_kind == "process":
            script = os.path.join(folder, "process.py")
            with open(script, "w") as f:
                f.write('import json\nprint(json.dumps({"Version": 1, "AccessKeyId": "AKIAPROC%012d", "SecretAccessKey": "s"}))\n' % index)
            opt(lines, "credential_process", "%s %s" % (sys.executable, script))
        elif source_kind == "web":
            token = os.path.join(folder, "token")
            with open(token, "w") as f:
                f.write("header.payload.signature")
            opt(lines, "web_identity_token_file", token)
            if rnd.random() < 0.9:
                opt(lines, "role_arn", "arn:aws:iam::222222222222:role/CiDeployer")
        elif source_kind == "sso":
            write_sso(rnd, lines, config, home, index)
        if not hops:
            add_top_settings(rnd, lines, config, env, index)
        target.extend(lines + [""])
        if rnd.random() < 0.1:
            target.append(section("config", "p9", rnd))
            opt(target, "s3", "")
            target.append("    max_concurrent_requests = 10")
            target.append("")
    # Where the files are and how the profile is named.
    config_path = os.path.join(folder, "config")
    credentials_path = os.path.join(folder, "credentials")
    if rnd.random() < 0.2:
        config_path = os.path.join(home, ".aws", "config")
        credentials_path = os.path.join(home, ".aws", "credentials")
    else:
        env["AWS_CONFIG_FILE"] = config_path
        env["AWS_SHARED_CREDENTIALS_FILE"] = credentials_path
        if rnd.random() < 0.05:  # a profile only in ~/.aws/config while AWS_CONFIG_FILE points elsewhere
            with open(os.path.join(home, ".aws", "config"), "w") as f:
                f.write("[profile elsewhere]\naws_access_key_id = AKIAELSEWHERE0000000\naws_secret_access_key = s\n")
            top = "elsewhere"
    with open(config_path, "w") as f:
        f.write("\n".join(config))
    with open(credentials_path, "w") as f:
        f.write("\n".join(credentials))
    if rnd.random() < 0.3:
        env["AWS_DEFAULT_REGION"] = rnd.choice(REGIONS)
    how = "explicit" if rnd.random() < 0.7 else "AWS_PROFILE"
    if top == "default" and rnd.random() < 0.5:
        how = "none"
    if how == "AWS_PROFILE":
        env["AWS_PROFILE"] = top
    if rnd.random() < 0.05:
        top = "no-such-profile"
    return {"id": "s%03d" % index, "folder": folder, "profile": None if how == "none" else top, "explicit": how == "explicit", "env": env}


def add_top_settings(rnd, lines, config, env, index):
    if rnd.random() < 0.6:
        region = rnd.choice(REGIONS + ["us-east-1 # team region"] * 1)
        lines.append("region = " + region)
    r = rnd.random()
    if r < 0.15:
        lines.append("endpoint_url = http://127.0.0.1:4566")
    elif r < 0.3:
        lines.append("services = svc%d" % index)
        if rnd.random() < 0.9:
            config.extend(["[services svc%d]" % index, "sts =", "  endpoint_url = http://127.0.0.1:4577", ""])
    if rnd.random() < 0.1:
        lines.append("ignore_configured_endpoint_urls = true")
    if rnd.random() < 0.15:
        lines.append("sts_regional_endpoints = " + rnd.choice(["legacy", "regional"]))
    r = rnd.random()
    if r < 0.1:
        env["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:4588"
    elif r < 0.15:
        env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4599"


def write_sso(rnd, lines, config, home, index):
    session = rnd.random() < 0.8
    lines.append("sso_account_id = 111111111111")
    lines.append("sso_role_name = ItemsReader")
    start = "https://sandbox-sso.awsapps.com/start"
    if session:
        lines.append("sso_session = sess%d" % index)
        if rnd.random() < 0.95:
            config.extend(["[sso-session sess%d]" % index, "sso_start_url = " + start, "sso_region = us-east-1", ""])
        key = "sess%d" % index
    else:
        lines.append("sso_start_url = " + start)
        if rnd.random() < 0.9:
            lines.append("sso_region = us-east-1")
        key = start
    path = os.path.join(home, ".aws", "sso", "cache", hashlib.sha1(key.encode()).hexdigest() + ".json")
    with open(path, "w") as f:
        json.dump({"startUrl": start, "region": "us-east-1", "accessToken": "token", "expiresAt": "2099-01-01T00:00:00Z"}, f)


if __name__ == "__main__":
    seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rnd = random.Random(seed)
    setups = [write_setup(rnd, i, out) for i in range(count)]
    with open(os.path.join(out, "setups.json"), "w") as f:
        json.dump(setups, f, indent=1)
