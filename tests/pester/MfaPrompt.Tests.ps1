#Requires -Version 7.0
# The MFA prompt of Get-AssumedRoleCredential, for real: a child pwsh runs on a pseudo-terminal (util-linux `script`), so
# its host is a console host with a terminal on stdin, and the test types the code into that terminal as a user would.
# The same child with -NonInteractive must not prompt: MfaTokenCodeRequired, and no STS call.

BeforeAll {
    # `script -qec <command> /dev/null` is util-linux's (Debian: bsdutils); BSD/macOS `script` takes other arguments.
    $script:PtySkipReason = if (-not $IsLinux) {
        'needs Linux: the pseudo-terminal comes from util-linux script'
    }
    elseif (-not (Test-Path -LiteralPath '/usr/bin/script' -PathType Leaf)) {
        '/usr/bin/script (util-linux, Debian package bsdutils) is not installed, so there is no pseudo-terminal to prompt on'
    }
    else { $null }
    if ($PtySkipReason) { return }

    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $script:RepoRoot = $RepoRoot
    $script:MfaSerial = 'arn:aws:iam::222222222222:mfa/ops-engineer'
    $script:PromptText = "MFA code for $MfaSerial"
    $script:OpsSecret = 'OpsEngineerSecretKeyForAccountB/22222222'

    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('mfa-prompt-' + [Guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Work | Out-Null

    # The child: account B's ops-engineer (keys in its own environment only) assumes MfaOperator without -TokenCode.
    # It prints the assumed-role ARN, or the error's id, likely causes and message; never a key.
    Set-Content -LiteralPath (Join-Path $Work 'profile-config') -Value "[profile mfa]`nrole_arn = arn:aws:iam::111111111111:role/MfaOperator`nsource_profile = ops`nmfa_serial = $MfaSerial"
    Set-Content -LiteralPath (Join-Path $Work 'profile-credentials') -Value "[ops]`naws_access_key_id = AKIAOPSENGINEER22222`naws_secret_access_key = $OpsSecret"
    $script:ChildScript = Join-Path $Work 'assume-mfa-operator.ps1'
    Set-Content -LiteralPath $ChildScript -Encoding utf8 -Value @'
param([Parameter(Mandatory)] [string] $StsEndpoint, [string] $ProfileName)
$PSStyle.OutputRendering = 'PlainText'
foreach ($name in 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS', 'AWS_REGION', 'AWS_DEFAULT_REGION') {
    Remove-Item "env:$name" -ErrorAction SilentlyContinue
}
$env:AWS_EC2_METADATA_DISABLED = 'true'
$env:AWS_CONFIG_FILE = Join-Path $PSScriptRoot 'no-config'
$env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $PSScriptRoot 'no-credentials'
$env:AWS_ACCESS_KEY_ID = 'AKIAOPSENGINEER22222'
$env:AWS_SECRET_ACCESS_KEY = 'OpsEngineerSecretKeyForAccountB/22222222'
Import-Module (Join-Path $env:CROSSACCTAPI_REPO_ROOT 'out/CrossAcctApi/CrossAcctApi.psd1')
if ($ProfileName) {
    # An mfa_serial profile (keys only in the credentials file): asked once, the second command served from the session cache.
    Remove-Item env:AWS_ACCESS_KEY_ID, env:AWS_SECRET_ACCESS_KEY
    $env:AWS_CONFIG_FILE = Join-Path $PSScriptRoot 'profile-config'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $PSScriptRoot 'profile-credentials'
    try {
        foreach ($attempt in 1, 2) {
            $credential = Get-AssumedRoleCredential -ProfileName $ProfileName -StsEndpoint $StsEndpoint -Region us-east-1 -ErrorAction Stop
            "ASSUMED${attempt}: $($credential.AssumedRoleArn)"
        }
    }
    catch { "ERRORID: $($_.FullyQualifiedErrorId)"; "MESSAGE: $($_.Exception.Message)" }
    return
}
try {
    $credential = Get-AssumedRoleCredential -RoleArn 'arn:aws:iam::111111111111:role/MfaOperator' -SerialNumber 'arn:aws:iam::222222222222:mfa/ops-engineer' `
        -StsEndpoint $StsEndpoint -Region us-east-1 -NoCache -ErrorAction Stop
    "ASSUMED: $($credential.AssumedRoleArn)"
}
catch {
    "ERRORID: $($_.FullyQualifiedErrorId)"
    "CATEGORY: $($_.CategoryInfo.Category)"
    $causes = if ($_.Exception.PSObject.Properties['LikelyCauses']) { $_.Exception.LikelyCauses -join ',' } else { '' }
    "CAUSES: $causes"
    "MESSAGE: $($_.Exception.Message)"
}
'@

    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    $script:Sandbox = Start-CrossAcctApiSandbox -SandboxPath (Join-Path $RepoRoot 'out/sandbox')

    function script:Get-StsTotal { [int] (Get-CrossAcctApiSandboxStats $Sandbox).sts.total }

    function script:ConvertTo-ShellWord([string] $Text) { "'" + $Text.Replace("'", "'\''") + "'" }

    <#
    Runs the child on a pseudo-terminal and plays the user at that terminal: answers the cursor-position queries
    (ESC[6n) a terminal answers (.NET's console asks them while reading a line, and waits long for an answer), and
    types -Type followed by Enter once the prompt shows. Returns the terminal's output with escape sequences removed.
    #>
    function script:Invoke-OnTerminal {
        param([string] $Type, [switch] $NonInteractive, [int] $TimeoutSeconds = 45, [string] $ProfileName)
        $pwshArguments = @('pwsh', '-NoProfile') + @(if ($NonInteractive) { '-NonInteractive' }) + @('-File', $ChildScript, '-StsEndpoint', $Sandbox.StsEndpoint) + @(if ($ProfileName) { '-ProfileName', $ProfileName })
        $command = 'exec dotnet ' + (($pwshArguments | ForEach-Object { ConvertTo-ShellWord $_ }) -join ' ')

        $info = [System.Diagnostics.ProcessStartInfo]::new('/usr/bin/script')
        foreach ($argument in '-qec', $command, '/dev/null') { $info.ArgumentList.Add($argument) }
        $info.WorkingDirectory = $RepoRoot   # dotnet pwsh: the local tool manifest is found from here
        $info.Environment['SHELL'] = '/bin/sh'   # script runs the command with $SHELL -c
        $info.Environment['TERM'] = 'xterm'
        $info.Environment['CROSSACCTAPI_REPO_ROOT'] = $RepoRoot
        $info.RedirectStandardInput = $true
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($info)
        $stderr = $process.StandardError.ReadToEndAsync()

        $output = [System.Text.StringBuilder]::new()
        $buffer = [char[]]::new(4096)
        $answered = 0
        $typed = $false
        $timedOut = $false
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        try {
            $read = $process.StandardOutput.ReadAsync($buffer, 0, $buffer.Length)
            while ($true) {
                if (-not $read.Wait(100)) {
                    if ([DateTime]::UtcNow -gt $deadline) { $timedOut = $true; break }
                    continue
                }
                if ($read.Result -eq 0) { break }
                $null = $output.Append($buffer, 0, $read.Result)
                $text = $output.ToString()
                $queries = [regex]::Matches($text, "`e\[6n").Count
                for (; $answered -lt $queries; $answered++) { $process.StandardInput.Write("`e[1;1R") }
                if ($PSBoundParameters.ContainsKey('Type') -and -not $typed -and $text.Contains('MFA code for ')) {
                    $process.StandardInput.Write($Type + "`r")
                    $typed = $true
                }
                $process.StandardInput.Flush()
                $read = $process.StandardOutput.ReadAsync($buffer, 0, $buffer.Length)
            }
        }
        finally {
            if ($timedOut -or -not $process.WaitForExit(10000)) { $process.Kill($true); $process.WaitForExit() }
        }
        $plain = $output.ToString() -replace "`e\[[0-9;?]*[A-Za-z]|`e[=>]", '' -replace "`r", ''
        if ($timedOut) {
            throw "The child on the pseudo-terminal did not finish within $TimeoutSeconds s. Terminal so far:`n$plain`nstderr: $($stderr.Result)"
        }
        [pscustomobject] @{ ExitCode = $process.ExitCode; Output = $plain; Typed = $typed; Errors = $stderr.Result }
    }

    function script:Get-Field($Run, [string] $Name) {
        $line = ($Run.Output -split "`n") | Where-Object { $_.StartsWith("${Name}: ") } | Select-Object -First 1
        if ($null -eq $line) { $null } else { $line.Substring($Name.Length + 2).Trim() }
    }
}

AfterAll {
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $Sandbox }
    if ($script:Work -and (Test-Path -LiteralPath $Work)) { Remove-Item -LiteralPath $Work -Recurse -Force }
}

Describe 'Get-AssumedRoleCredential -SerialNumber without -TokenCode on a terminal' {
    BeforeEach {
        if ($PtySkipReason) { Set-ItResult -Skipped -Because $PtySkipReason }
    }

    It 'prompts for the MFA code on the terminal and assumes MfaOperator with the code typed' {
        $before = Get-StsTotal
        $run = Invoke-OnTerminal -Type '123456'
        $run.Typed | Should -BeTrue -Because "the prompt must appear on the terminal. Terminal:`n$($run.Output)"
        $run.Output | Should -Match ([regex]::Escape("${PromptText}: "))
        Get-Field $run 'ASSUMED' | Should -BeLike 'arn:aws:sts::111111111111:assumed-role/MfaOperator/*' -Because $run.Output
        $run.ExitCode | Should -Be 0
        (Get-StsTotal) - $before | Should -Be 1
        $run.Output | Should -Not -Match ([regex]::Escape($OpsSecret))
    }

    It 'sends a wrong code typed at the prompt to STS, and reports the refusal as AccessDenied naming MFA' {
        $run = Invoke-OnTerminal -Type '000000'
        $run.Output | Should -Match ([regex]::Escape($PromptText))
        Get-Field $run 'ASSUMED' | Should -BeNullOrEmpty
        Get-Field $run 'ERRORID' | Should -BeLike 'AssumeRoleAccessDenied,*' -Because $run.Output
        Get-Field $run 'CATEGORY' | Should -Be 'PermissionDenied'
        @((Get-Field $run 'CAUSES') -split ',')[0] | Should -Be 'MfaRequired' -Because 'STS said the one-time code was rejected'
        $message = Get-Field $run 'MESSAGE'
        $message | Should -Match 'arn:aws:iam::222222222222:user/ops-engineer may not assume arn:aws:iam::111111111111:role/MfaOperator'
        $message | Should -Match 'the MFA device or code was not accepted'
        $message | Should -Match 'MultiFactorAuthentication failed'
        $run.Output | Should -Not -Match ([regex]::Escape($OpsSecret))
    }

    It 'refuses an empty answer at the prompt without calling STS, saying no code was entered' {
        $before = Get-StsTotal
        $run = Invoke-OnTerminal -Type ''
        $run.Output | Should -Match ([regex]::Escape($PromptText))
        Get-Field $run 'ERRORID' | Should -BeLike 'MfaTokenCodeRequired,*' -Because $run.Output
        Get-Field $run 'MESSAGE' | Should -Match 'no code was entered at the prompt'
        (Get-StsTotal) - $before | Should -Be 0
    }

    It 'does not prompt under pwsh -NonInteractive, even on a terminal: MfaTokenCodeRequired and no STS call' {
        $before = Get-StsTotal
        $run = Invoke-OnTerminal -NonInteractive
        $run.Output | Should -Not -Match 'MFA code for'
        Get-Field $run 'ERRORID' | Should -BeLike 'MfaTokenCodeRequired,*' -Because $run.Output
        Get-Field $run 'CATEGORY' | Should -Be 'InvalidArgument'
        Get-Field $run 'MESSAGE' | Should -Match 'no -TokenCode was given, and this session cannot ask for one'
        (Get-StsTotal) - $before | Should -Be 0
    }
}

Describe 'Get-AssumedRoleCredential -ProfileName with an mfa_serial profile on a terminal' {
    BeforeEach {
        if ($PtySkipReason) { Set-ItResult -Skipped -Because $PtySkipReason }
    }

    It 'prompts once for the profile role, then serves the second command from the session cache' {
        $before = Get-StsTotal
        $run = Invoke-OnTerminal -Type '123456' -ProfileName mfa
        $run.Typed | Should -BeTrue -Because "the prompt must appear on the terminal. Terminal:`n$($run.Output)"
        ([regex]::Matches($run.Output, [regex]::Escape($PromptText))).Count | Should -Be 1
        Get-Field $run 'ASSUMED1' | Should -BeLike 'arn:aws:sts::111111111111:assumed-role/MfaOperator/*' -Because $run.Output
        Get-Field $run 'ASSUMED2' | Should -Be (Get-Field $run 'ASSUMED1')
        (Get-StsTotal) - $before | Should -Be 1
        $run.Output | Should -Not -Match ([regex]::Escape($OpsSecret))
    }

    It 'does not prompt for a profile under pwsh -NonInteractive: MfaTokenCodeRequired naming the profile' {
        $run = Invoke-OnTerminal -NonInteractive -ProfileName mfa
        $run.Output | Should -Not -Match 'MFA code for'
        Get-Field $run 'ERRORID' | Should -BeLike 'MfaTokenCodeRequired,*' -Because $run.Output
        Get-Field $run 'MESSAGE' | Should -Match "Profile 'mfa'"
    }
}
