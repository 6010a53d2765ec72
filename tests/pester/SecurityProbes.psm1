#Requires -Version 7.0
<#
.SYNOPSIS
    Helpers for the Security.* and Engine.* Pester files: the AWS environment cleared and put back, the role-session
    cache emptied, every written form of a secret, a search for them in text, and a logging HTTP proxy on 127.0.0.1
    that records every byte it is sent.
#>

Set-StrictMode -Version 3.0

function Clear-AwsEnvironment {
    <#
    .SYNOPSIS
        Removes every AWS_* setting (and the module's cache folder) a test file could inherit, so that no credential,
        profile, region or endpoint of the machine takes part; instance metadata is switched off. With -EmptyFilesIn,
        AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE then name empty files in that folder, so that not even the
        machine's ~/.aws files are read. Returns what was there, for Restore-AwsEnvironment.
    #>
    param([string] $EmptyFilesIn)
    $saved = Clear-EnvironmentVariable 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION',
        'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE',
        'AWS_EC2_METADATA_DISABLED', 'CROSSACCTAPI_CACHE_DIR'
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    if ($EmptyFilesIn) {
        $env:AWS_CONFIG_FILE = Join-Path $EmptyFilesIn 'aws-config'
        $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $EmptyFilesIn 'aws-credentials'
        Set-Content -Path $env:AWS_CONFIG_FILE -Value ''
        Set-Content -Path $env:AWS_SHARED_CREDENTIALS_FILE -Value ''
    }
    $saved
}

function Restore-AwsEnvironment {
    <# .SYNOPSIS Puts back what Clear-AwsEnvironment found. #>
    param([hashtable] $Saved)
    Restore-EnvironmentVariable $Saved
}

function Clear-EnvironmentVariable {
    <# .SYNOPSIS Removes each named variable and returns what was there, for Restore-EnvironmentVariable. #>
    param([string[]] $Name)
    $saved = @{}
    foreach ($variable in $Name) {
        $saved[$variable] = [Environment]::GetEnvironmentVariable($variable)
        # Remove-Item, not SetEnvironmentVariable($name, $null): PowerShell would pass '' and leave the name defined.
        Remove-Item "env:$variable" -ErrorAction SilentlyContinue
    }
    $saved
}

function Restore-EnvironmentVariable {
    <# .SYNOPSIS Puts back what Clear-EnvironmentVariable found: removes the variables that were not set. #>
    param([hashtable] $Saved)
    foreach ($entry in $Saved.GetEnumerator()) {
        if ($null -eq $entry.Value) { Remove-Item "env:$($entry.Key)" -ErrorAction SilentlyContinue } else { [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value) }
    }
}

function Clear-RoleSessionCache {
    <#
    .SYNOPSIS
        Empties the module's in-process role-session cache. It lived in CrossAcctApi.Core.Credentials before the
        one-engine layout; reproduction tests also run against that old build (CROSSACCTAPI_REPO_ROOT=<its worktree>)
        to show that they fail there.
    #>
    $type = 'CrossAcctApi.Core.Sts.AssumedRoleCache', 'CrossAcctApi.Core.Credentials.AssumedRoleCache' | ForEach-Object { $_ -as [type] } | Where-Object { $_ } | Select-Object -First 1
    $type::Shared.Clear()
}

function Get-CredentialSecret {
    <#
    .SYNOPSIS
        Tests only: a module credential's current secret key and session token, as Secret and Token. They are internal
        to the module; reflection reaches them, nothing public does (the runtime type, so that the old build's
        namespace serves too).
    #>
    param([Parameter(Mandatory)] $Credential)
    $keys = $Credential.GetKeys([DateTimeOffset]::UtcNow)
    $flags = [Reflection.BindingFlags] 'NonPublic,Instance'
    [pscustomobject] @{
        Secret = $keys.GetType().GetProperty('SecretAccessKey', $flags).GetValue($keys)
        Token  = $keys.GetType().GetProperty('SessionToken', $flags).GetValue($keys)
    }
}

function Get-SecretTextForm {
    <#
    .SYNOPSIS
        Every form a text secret takes once written somewhere: as it is, percent-encoded, base64 (of its UTF-8 and of
        its UTF-16 bytes), JSON-escaped (System.Text.Json writes '+' as \u002B), and the hex of its UTF-16 bytes, which
        is what Export-Clixml writes for a SecureString on Linux and macOS (no DPAPI there: the <SS> element is not
        encrypted). Forms shorter than 16 characters are left out: they would match by chance.
    #>
    param([string[]] $Secret)
    $forms = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
    foreach ($text in $Secret | Where-Object { $_ }) {
        $utf16 = [Text.Encoding]::Unicode.GetBytes($text)
        $json = [System.Text.Json.JsonEncodedText]::Encode($text).ToString()
        foreach ($form in $text, [uri]::EscapeDataString($text), [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($text)),
            [Convert]::ToBase64String($utf16), $json, ($text -replace '\\', '\\' -replace '"', '\"'),
            [Convert]::ToHexString($utf16), [Convert]::ToHexString($utf16).ToLowerInvariant()) {
            if ($form.Length -ge 16) { $null = $forms.Add($form) }
        }
    }
    , @($forms)
}

function Find-SecretForm {
    <# .SYNOPSIS "<channel>: a form starting 'abcd'" for every secret form found in any channel (ordered dictionary of name -> text). #>
    param([System.Collections.IDictionary] $Channel, [string[]] $Form)
    foreach ($name in $Channel.Keys) {
        $text = [string] $Channel[$name]
        foreach ($candidate in $Form) {
            if ($text.Contains($candidate, [StringComparison]::OrdinalIgnoreCase)) { "${name}: a secret form starting '$($candidate.Substring(0, 4))'" }
        }
    }
}

if (-not ('CrossAcctApiTests.RecordingProxy' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CrossAcctApiTests
{
    // A logging HTTP proxy: it accepts connections on 127.0.0.1, records every byte a client sends (the request line
    // and headers of a plain-http request; only the CONNECT line of an https one), answers 502 and closes. It forwards
    // nothing: what it records is exactly what a proxy or anyone on the path would have read.
    public sealed class RecordingProxy : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly ConcurrentQueue<string> _received = new ConcurrentQueue<string>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private int _connections;

        public RecordingProxy()
        {
            _listener.Start();
            Task.Run(AcceptLoop);
        }

        public int Port { get { return ((IPEndPoint)_listener.LocalEndpoint).Port; } }

        public string Url { get { return "http://127.0.0.1:" + Port; } }

        public int Connections { get { return Volatile.Read(ref _connections); } }

        // Everything received so far, one connection after another (Latin-1: every byte is one character).
        public string Text { get { return string.Join("\n----\n", _received.ToArray()); } }

        public void Clear()
        {
            string ignored;
            while (_received.TryDequeue(out ignored)) { }
            Interlocked.Exchange(ref _connections, 0);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false); }
                catch (Exception) { return; }
                Interlocked.Increment(ref _connections);
                var ignored = Task.Run(() => Serve(client));
            }
        }

        private async Task Serve(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                var bytes = new System.IO.MemoryStream();
                var buffer = new byte[8192];
                try
                {
                    // Until the client stops sending for a moment (the whole request has then arrived) or closes.
                    while (true)
                    {
                        var read = stream.ReadAsync(buffer, 0, buffer.Length);
                        if (await Task.WhenAny(read, Task.Delay(400)).ConfigureAwait(false) != read) { break; }
                        var count = await read.ConfigureAwait(false);
                        if (count == 0) { break; }
                        bytes.Write(buffer, 0, count);
                    }
                }
                catch (Exception) { }
                _received.Enqueue(Encoding.Latin1.GetString(bytes.ToArray()));
                try
                {
                    var answer = Encoding.ASCII.GetBytes("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(answer, 0, answer.Length).ConfigureAwait(false);
                }
                catch (Exception) { }
            }
        }
    }
}
'@
}

function Start-RecordingProxy {
    <# .SYNOPSIS A logging proxy on 127.0.0.1 (Url, Text, Connections, Clear(), Dispose()). #>
    [CrossAcctApiTests.RecordingProxy]::new()
}

Export-ModuleMember -Function Clear-AwsEnvironment, Restore-AwsEnvironment, Clear-EnvironmentVariable, Restore-EnvironmentVariable, Clear-RoleSessionCache, Get-CredentialSecret, Get-SecretTextForm, Find-SecretForm, Start-RecordingProxy
