"""Resolves every set-up of setups.json with botocore, in one process, without the network (issue 15).

For each set-up: a fresh botocore session with the set-up's environment (os.environ replaced), --profile semantics for
"explicit", then get_credentials() and one frozen read. STS, SSO and metadata calls are answered locally by event
handlers / patched fetchers that record what botocore would send: every AssumeRole (RoleArn, RoleSessionName,
DurationSeconds, ExternalId, SerialNumber), the endpoint URL, and the source's access key. The result per set-up:
{"ok": true, "source": kind, "chain": [...], "region": r, "endpoint": url} or {"ok": false, "error": ExceptionClass}.

usage: python3 botocore_resolve.py setups.json results.json
"""
import datetime, json, os, sys
import botocore.awsrequest, botocore.loaders, botocore.tokens, botocore.session, botocore.credentials, botocore.exceptions, botocore.utils

LOADER = botocore.loaders.create_loader()
FUTURE = datetime.datetime(2099, 1, 1, tzinfo=datetime.timezone.utc)


def fake_credentials(key):
    return {"AccessKeyId": key, "SecretAccessKey": "s", "SessionToken": "t", "Expiration": FUTURE}


def resolve(setup):
    os.environ.clear()
    os.environ.update(setup["env"])
    record = {"calls": []}
    # botocore fixes the SSO token folder from HOME when it is imported; each set-up has its own HOME.
    cache = os.path.join(setup["env"]["HOME"], ".aws", "sso", "cache")
    botocore.credentials.SSOProvider._SSO_TOKEN_CACHE_DIR = cache
    botocore.tokens.SSOTokenProvider._SSO_TOKEN_CACHE_DIR = cache
    session = botocore.session.Session()
    session.register_component("data_loader", LOADER)  # the service models are read once, not once per set-up
    if setup["profile"] is not None and setup["explicit"]:
        session.set_config_variable("profile", setup["profile"])

    def on_call(model, params, request_signer, **kwargs):
        name = model.name
        frozen = None
        if name == "AssumeRole":
            frozen = request_signer._credentials.get_frozen_credentials()
        body = params.get("body") or {}
        record["calls"].append({"op": name, "url": params.get("url"), "caller": frozen.access_key if frozen else None,
                                "params": {k: body.get(k) for k in ("RoleArn", "RoleSessionName", "DurationSeconds", "ExternalId", "SerialNumber") if body.get(k) is not None}})
        key = "ASIAHOP%d" % len(record["calls"]) if name != "AssumeRoleWithWebIdentity" else "ASIAWEBIDENTITY"
        ok = botocore.awsrequest.AWSResponse(params.get("url"), 200, {}, None)
        if name == "GetRoleCredentials":
            return ok, {"roleCredentials": {"accessKeyId": "ASIASSO", "secretAccessKey": "s", "sessionToken": "t", "expiration": 4070908800000}}
        return ok, {"Credentials": fake_credentials(key), "AssumedRoleUser": {"Arn": "arn:aws:sts::1:assumed-role/x/y", "AssumedRoleId": "A:y"}}

    session.register("before-call.sts", on_call)
    session.register("before-call.sso", on_call)
    try:
        resolver = session.get_component("credential_provider")
        resolver.get_provider("assume-role")._prompter = lambda prompt: "123456"
        credentials = session.get_credentials()
        if credentials is None:
            return {"ok": False, "error": "NoCredentialsError"}
        access = credentials.get_frozen_credentials().access_key
        region = session.get_config_variable("region")
        client = session.create_client("sts")
        endpoint = client.meta.endpoint_url
    except botocore.exceptions.BotoCoreError as error:
        return {"ok": False, "error": type(error).__name__, "message": str(error)}
    except Exception as error:  # noqa: BLE001 - a botocore bug is a result too
        return {"ok": False, "error": type(error).__name__, "message": str(error)}
    calls = record["calls"]
    hops = [c for c in calls if c["op"] == "AssumeRole"]
    first = calls[0]["op"] if calls else None
    if first == "AssumeRoleWithWebIdentity":
        source = "WebIdentity"
    elif first == "GetRoleCredentials":
        source = "Sso"
    else:
        caller = hops[0]["caller"] if hops else access
        source = classify(caller)
    return {"ok": True, "source": source, "chain": [h["params"] for h in hops], "region": region, "endpoint": endpoint,
            "stsUrls": sorted(set(c["url"].rstrip("/") for c in calls if c["op"] != "GetRoleCredentials"))}


def classify(key):
    for prefix, kind in (("AKIAENV", "Environment"), ("AKIAPROC", "CredentialProcess"), ("AKIACONTAINER", "Container"),
                         ("AKIAIMDS", "InstanceMetadata"), ("AKIA", "StaticKeys")):
        if key and key.startswith(prefix):
            return kind
    return "Unknown:" + str(key)


# Container and instance metadata answer locally (their own condition logic - which variables - still runs).
botocore.credentials.ContainerProvider._retrieve_or_fail = lambda self: botocore.credentials.Credentials("AKIACONTAINER0000000", "s", "t", method="container-role")
botocore.utils.InstanceMetadataFetcher.retrieve_iam_role_credentials = lambda self: {"role_name": "r", "access_key": "AKIAIMDS000000000000", "secret_key": "s", "token": "t", "expiry_time": "2099-01-01T00:00:00Z"}

if __name__ == "__main__":
    setups = json.load(open(sys.argv[1]))
    saved = dict(os.environ)
    results = {s["id"]: resolve(s) for s in setups}
    os.environ.clear(); os.environ.update(saved)
    json.dump(results, open(sys.argv[2], "w"), indent=1, default=str)
