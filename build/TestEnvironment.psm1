# The environment and processes of the test command's children (build/TestRunners.psm1, build/SelfTest.psm1, the
# Pester child): what they are given, how they are started and watched, and what a test file must put back.
Set-StrictMode -Version 3.0

# The environment the runners give their child processes, on top of the caller's. Only what makes the runners' own
# output predictable is pinned; NO_COLOR, TERM, CI, HOME, the culture (LANG, LC_*) and the time zone (TZ) pass
# through on purpose, so that a test depending on them by accident fails here rather than on someone else's machine.
$PinnedVariables = [ordered] @{
    # dotnet test and the test host write their messages in English: the logs are searched for English text, and
    # the xunit runner looks for "The active test run was aborted" there.
    DOTNET_CLI_UI_LANGUAGE      = 'en'
    DOTNET_NOLOGO               = '1'
    DOTNET_CLI_TELEMETRY_OPTOUT = '1'
    POWERSHELL_TELEMETRY_OPTOUT = '1'
    POWERSHELL_UPDATECHECK      = 'Off'
}

function Set-ProcessVariable {
    <# Sets an environment variable of this process, or removes it for $null (SetEnvironmentVariable would get ''). #>
    # $Value untyped: a [string] parameter would turn $null into '' before it gets here.
    param([Parameter(Mandatory)] [string] $Name, $Value)
    if ($null -eq $Value) { [Environment]::SetEnvironmentVariable($Name, [NullString]::Value) }
    else { [Environment]::SetEnvironmentVariable($Name, $Value) }
}

function Use-TestEnvironment {
    <#
    .SYNOPSIS
        Runs a script block with the runners' environment: the variables above pinned, and every AWS_* variable but
        AWS_CA_BUNDLE (which says whom to trust, not who to be) removed, so that a developer's own keys, profile,
        region or endpoints never reach a test (nor, through it, a real account); the tests that need AWS settings
        make their own. The caller's values are restored after.
    #>
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock)
    $saved = @{}
    $aws = @(Get-ChildItem env: | Where-Object { $_.Name -like 'AWS_*' -and $_.Name -ne 'AWS_CA_BUNDLE' } | ForEach-Object Name)
    $names = @($PinnedVariables.Keys) + $aws
    foreach ($name in $names) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    try {
        foreach ($name in $names) { Set-ProcessVariable $name $PinnedVariables[$name] }
        & $ScriptBlock
    }
    finally {
        foreach ($name in $names) { Set-ProcessVariable $name $saved[$name] }
    }
}

function Get-ProcessState {
    <# What one test file may change for itself but must put back: the environment, the location and the culture. #>
    @{
        Environment = [Environment]::GetEnvironmentVariables()
        Location    = (Get-Location).Path
        Culture     = [cultureinfo]::CurrentCulture
        UICulture   = [cultureinfo]::CurrentUICulture
    }
}

function Restore-ProcessState {
    <#
    .SYNOPSIS
        Puts back what a test file left changed, so that the next file starts from the caller's state, and returns
        one line naming each change: a file that leaks its settings makes other files pass or fail by accident.
    #>
    param([Parameter(Mandatory)] [hashtable] $Before)
    $now = [Environment]::GetEnvironmentVariables()
    $names = @($Before.Environment.Keys) + @($now.Keys) | Sort-Object -Unique
    $changed = @($names | Where-Object { $Before.Environment[$_] -cne $now[$_] })
    foreach ($name in $changed) { Set-ProcessVariable $name $Before.Environment[$name] }
    if ($changed) { "left environment variables changed: $($changed -join ', ')" }
    if ((Get-Location).Path -ne $Before.Location) { "left the location at $((Get-Location).Path)"; Set-Location -LiteralPath $Before.Location }
    if ([cultureinfo]::CurrentCulture.Name -ne $Before.Culture.Name) {
        "left the culture at '$([cultureinfo]::CurrentCulture.Name)'"; [cultureinfo]::CurrentCulture = $Before.Culture
    }
    if ([cultureinfo]::CurrentUICulture.Name -ne $Before.UICulture.Name) {
        "left the UI culture at '$([cultureinfo]::CurrentUICulture.Name)'"; [cultureinfo]::CurrentUICulture = $Before.UICulture
    }
}

function Get-PwshCommand {
    <# This very PowerShell, to start as a child: under 'dotnet pwsh', the dotnet host and pwsh.dll, which skips the
    dotnet CLI's second look-up of the local tool (a second or more per child on a busy machine). #>
    $process = [Environment]::ProcessPath
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if ((Split-Path -Leaf $process) -like 'dotnet*' -and (Test-Path -LiteralPath $dll)) { return @($process, $dll) }
    return @($process)
}

function Start-PwshChild {
    <#
    .SYNOPSIS
        Starts this PowerShell as a child with the runners' environment; its standard output goes to -LogPath and
        its standard error to -LogPath.stderr.
    #>
    param([Parameter(Mandatory)] [string[]] $ArgumentList, [Parameter(Mandatory)] [string] $LogPath, [string] $WorkingDirectory = $PWD.Path)
    $pwsh = @(Get-PwshCommand)
    # Start-Process joins the arguments with spaces: quote the ones that hold any.
    $arguments = @($pwsh | Select-Object -Skip 1) + $ArgumentList | ForEach-Object { if ($_ -match '\s') { '"' + $_ + '"' } else { $_ } }
    Use-TestEnvironment {
        Start-Process -FilePath $pwsh[0] -ArgumentList $arguments -WorkingDirectory $WorkingDirectory -NoNewWindow -PassThru `
            -RedirectStandardOutput $LogPath -RedirectStandardError "$LogPath.stderr"
    }
}

function Wait-ChildProcess {
    <# Waits for a child and returns its exit code; with -ConsolePath, shows the lines the child appends there meanwhile. #>
    param([Parameter(Mandatory)] [Diagnostics.Process] $Process, [string] $ConsolePath)
    if (-not $ConsolePath) { $Process.WaitForExit(); return $Process.ExitCode }
    $reader = [IO.StreamReader]::new([IO.FileStream]::new($ConsolePath, 'Open', 'Read', 'ReadWrite'))
    $pending = ''
    try {
        do {
            $exited = $Process.WaitForExit(250)
            # Whole lines only: the child may be halfway through writing one.
            $lines = ($pending + $reader.ReadToEnd()) -split "`r?`n"
            $pending = $lines[-1]
            $lines | Select-Object -SkipLast 1 | ForEach-Object { Write-Host $_ }
        } until ($exited)
        if ($pending) { Write-Host $pending }
    }
    finally { $reader.Dispose() }
    $Process.WaitForExit()
    return $Process.ExitCode
}

Export-ModuleMember -Function Set-ProcessVariable, Use-TestEnvironment, Get-ProcessState, Restore-ProcessState, Get-PwshCommand, Start-PwshChild, Wait-ChildProcess
