#Requires -Version 7.0
# Bounded bodies and a clock offset that heals (issue 14, items 4 and 5):
# - only data is serialised as a -Body: a file object, a script block, circular data, nesting past the depth limit and an
#   array past the size limits are refused with a clear ErrorId before any request, at once (a FileInfo is refused by its
#   type, not walked); strings, bytes, streams, -InFile, hashtables, PSCustomObjects and arrays still reach the API intact;
# - after a call against a server one day ahead, calls against the same server once its clock is right again succeed,
#   with at most one STS call: the offset is measured again, and an "expired" judgement that only the offset caused does
#   not block the request that corrects it.

BeforeAll {
    . (Join-Path $PSScriptRoot 'SandboxSession.Fixture.ps1')
    $script:PostApi = $Sandbox.ApiUrl('$default', '/items')
    $script:Role = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -NoCache

    function script:Get-SandboxCounts {
        $stats = Get-CrossAcctApiSandboxStats $Sandbox
        [pscustomobject] @{ Sts = [long] $stats.sts.total; Api = [long] $stats.api.total }
    }
}

AfterAll {
    Stop-SandboxSessionFixture
    [CrossAcctApi.Core.Http.ClockSkewTracker]::Shared.Reset()
}

Describe 'A -Body that is not bounded data is refused before any request, at once' {
    BeforeAll {
        $script:Circular = [pscustomobject] @{ name = 'loop'; child = $null }
        $Circular.child = [pscustomobject] @{ parent = $Circular }
        $script:Deep = @{ leaf = 1 }
        foreach ($i in 1..150) { $Deep = @{ next = $Deep } }
        # Past the 10 MB body limit when serialised (120 strings of 100,000 characters), and past the value-count limit.
        $script:BigStrings = @(foreach ($i in 1..120) { 'x' * 100000 })
        $script:ManyValues = [object[]]::new(1000001)
    }

    It '<Name> -> <ErrorId>' -ForEach @(
        @{ Name = 'a file object (Get-Item)'; Body = { Get-Item -LiteralPath $PSCommandPath }; ErrorId = 'InvalidBody'; Says = '(?s)System.IO.FileInfo.*-InFile' }
        @{ Name = 'a folder object (Get-Item /)'; Body = { Get-Item -LiteralPath ([IO.Path]::GetPathRoot($PWD.ProviderPath)) }; ErrorId = 'InvalidBody'; Says = 'DirectoryInfo' }
        @{ Name = 'a file object inside a hashtable'; Body = { @{ report = (Get-Item -LiteralPath $PSCommandPath) } }; ErrorId = 'InvalidBody'; Says = 'at \$\.report' }
        @{ Name = 'a script block'; Body = { { 'code' } }; ErrorId = 'InvalidBody'; Says = 'ScriptBlock' }
        @{ Name = 'a process object'; Body = { Get-Process -Id $PID }; ErrorId = 'InvalidBody'; Says = 'Process' }
        @{ Name = 'a circular PSCustomObject'; Body = { $Circular }; ErrorId = 'InvalidBody'; Says = 'refers to itself' }
        @{ Name = 'nesting 150 deep'; Body = { $Deep }; ErrorId = 'InvalidBody'; Says = 'deeper than 100' }
        @{ Name = 'an array of 1,000,001 values'; Body = { , $ManyValues }; ErrorId = 'InvalidBody'; Says = 'more than 1,000,000 values' }
        @{ Name = 'an array that serialises past 10 MB'; Body = { , $BigStrings }; ErrorId = 'BodyTooLarge'; Says = 'Send less data' }
    ) {
        $body = & $Body
        $before = Get-SandboxCounts
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $errors = @()
        try { $null = Invoke-SignedHttpApi -Uri $PostApi -Method POST -Body $body -Credential $Role -Region us-east-1 -MaximumRetryCount 0 -ErrorAction SilentlyContinue -ErrorVariable +errors -WarningVariable warnings }
        catch { $errors += $_ }
        $watch.Stop()
        $after = Get-SandboxCounts

        ($after.Api - $before.Api) + ($after.Sts - $before.Sts) | Should -Be 0 -Because 'nothing is sent'
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $errors[0].CategoryInfo.Category | Should -BeIn 'InvalidArgument', 'LimitsExceeded'
        (@($errors[0].Exception.Message, $errors[0].ErrorDetails.Message, $errors[0].ErrorDetails.RecommendedAction) -join "`n") | Should -Match $Says
        @($warnings) | Should -BeNullOrEmpty -Because 'a refusal is an error, never a truncating warning'
        # Not a timing assertion on speed (bench/ does that): a bound far above any refusal, far below a runaway walk
        # (the old -Depth 100 conversion of Get-Item ran over 60 s and grew memory by 15 MB/s).
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
    }

    It 'New-SignedHttpApiRequest refuses <Name> too' -ForEach @(
        @{ Name = 'a file object'; Body = { Get-Item -LiteralPath $PSCommandPath } }
        @{ Name = 'circular data'; Body = { $Circular } }
    ) {
        { New-SignedHttpApiRequest -Uri $PostApi -Method POST -Body (& $Body) -Credential $Role -Region us-east-1 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidBody,*'
    }
}

Describe 'Data bodies are still sent, intact' {
    It 'sends <Name>' -ForEach @(
        @{ Name = 'a string'; Body = { '{"n":1}' }; Expect = { param($r) $r.ParsedContent.created.n | Should -Be 1 } }
        @{ Name = 'bytes'; Body = { , [Text.Encoding]::UTF8.GetBytes('{"n":2}') }; Expect = { param($r) "$($r.Content)" | Should -Match '"n":\s*2' } }
        @{ Name = 'a stream'; Body = { [IO.MemoryStream]::new([Text.Encoding]::UTF8.GetBytes('{"n":3}')) }; Expect = { param($r) "$($r.Content)" | Should -Match '"n":\s*3' } }
        @{ Name = 'a hashtable'; Body = { @{ n = 4; tags = @('a', 'b') } }; Expect = { param($r) $r.ParsedContent.created.n | Should -Be 4; $r.ParsedContent.created.tags | Should -Be @('a', 'b') } }
        @{ Name = 'a PSCustomObject'; Body = { [pscustomobject] @{ n = 5; when = [DateTime]::new(2026, 1, 2, 3, 4, 5, [DateTimeKind]::Utc) } }; Expect = { param($r) $r.ParsedContent.created.n | Should -Be 5 } }
        @{ Name = 'an array of objects'; Body = { , @(@{ n = 6 }, [pscustomobject] @{ n = 7 }) }; Expect = { param($r) @($r.ParsedContent.created).n | Should -Be @(6, 7) } }
        # (50: the sandbox parses JSON bodies up to System.Text.Json's default depth of 64; deeper, it echoes the text.)
        @{ Name = 'nesting 50 deep'; Body = { $d = @{ leaf = 8 }; foreach ($i in 1..49) { $d = @{ next = $d } }; $d }; Expect = { param($r) "$($r.Content)" | Should -Match '"leaf":\s*8' } }
    ) {
        $response = Invoke-SignedHttpApi -Uri $PostApi -Method POST -Body (& $Body) -Credential $Role -Region us-east-1 -AsResponse
        $response.StatusCode | Should -BeIn 200, 201
        & $Expect $response
    }

    It 'sends a file with -InFile' {
        $file = Join-Path $TestDrive 'body.json'
        Set-Content -LiteralPath $file -Value '{"n":9}' -NoNewline
        $response = Invoke-SignedHttpApi -Uri $PostApi -Method POST -InFile $file -ContentType 'application/json' -Credential $Role -Region us-east-1 -AsResponse
        $response.StatusCode | Should -BeIn 200, 201
        "$($response.Content)" | Should -Match '"n":\s*9'
    }
}

Describe 'A clock offset learned from a server a day ahead heals when the server is right again' {
    AfterEach {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear
        [CrossAcctApi.Core.Http.ClockSkewTracker]::Shared.Reset()
    }

    It 'corrects for +1 day, then succeeds at once with the server right again, with at most one STS call' {
        $api = $Sandbox.ApiUrl('prod', '/items')
        $credential = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -NoCache

        $null = Set-CrossAcctApiSandboxFault $Sandbox -ClockOffsetSeconds 86400
        $ahead = Invoke-SignedHttpApi -Uri $api -Credential $credential -Region us-east-1 -AsResponse
        $ahead.StatusCode | Should -Be 200
        [math]::Abs($ahead.ClockOffset.TotalHours - 24) | Should -BeLessThan 0.1 -Because 'the module corrected for the server a day ahead'

        $null = Set-CrossAcctApiSandboxFault $Sandbox -ClockOffsetSeconds 0
        foreach ($attempt in 1..2) {
            $before = Get-SandboxCounts
            $errors = @()
            $right = Invoke-SignedHttpApi -Uri $api -Credential $credential -Region us-east-1 -AsResponse -ErrorAction SilentlyContinue -ErrorVariable +errors
            $after = Get-SandboxCounts
            $errors | Should -BeNullOrEmpty -Because "call $attempt after the server's clock was put right must not fail (no ExpiredCredential)"
            $right.StatusCode | Should -Be 200
            [math]::Abs($right.ClockOffset.TotalMinutes) | Should -BeLessThan 1 -Because 'the offset was measured again'
            $after.Sts - $before.Sts | Should -BeLessOrEqual 1
            $after.Api - $before.Api | Should -BeGreaterOrEqual 1 -Because 'the request that measures the offset again is sent'
        }
    }

    It 'renews a session once the server is right again: the new session is not judged expired by the stale offset' {
        # The issue's reproduction: the renewed session expires in an hour of real time, the stale offset put the signing
        # time a day later, and the call failed with ExpiredCredential after one AssumeRole, sending no API request.
        $api = $Sandbox.ApiUrl('prod', '/items')
        $credential = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -NoCache
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ClockOffsetSeconds 86400
        (Invoke-SignedHttpApi -Uri $api -Credential $credential -Region us-east-1 -AsResponse).StatusCode | Should -Be 200

        $null = Set-CrossAcctApiSandboxFault $Sandbox -ClockOffsetSeconds 0
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions
        $before = Get-SandboxCounts
        $errors = @()
        $right = Invoke-SignedHttpApi -Uri $api -Credential $credential -Region us-east-1 -AsResponse -ErrorAction SilentlyContinue -ErrorVariable +errors
        $after = Get-SandboxCounts
        @($errors | ForEach-Object FullyQualifiedErrorId) | Should -BeNullOrEmpty
        $right.StatusCode | Should -Be 200
        # One renewal; STS's own offset (learned while it was a day ahead) is measured again by the one answer that refuses it.
        $after.Sts - $before.Sts | Should -BeLessOrEqual 2 -Because 'one renewal, at most one STS request refused for the stale offset'
        $after.Api - $before.Api | Should -BeGreaterOrEqual 2 -Because 'the refused request and the one with the renewed session'
    }

    It 'heals for Invoke-SignedHttpApi -RoleArn (the role session assumed by the call itself)' {
        $api = $Sandbox.ApiUrl('prod', '/items')
        $session = @{ RoleArn = $Invoker; Credential = $Ops; StsEndpoint = $Sts; Region = 'us-east-1'; RoleSessionName = 'skew-' + [guid]::NewGuid().ToString('N').Substring(0, 8) }
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ClockOffsetSeconds 86400
        (Invoke-SignedHttpApi -Uri $api @session -AsResponse).StatusCode | Should -Be 200

        $null = Set-CrossAcctApiSandboxFault $Sandbox -ClockOffsetSeconds 0
        foreach ($attempt in 1..2) {
            $before = Get-SandboxCounts
            $errors = @()
            $right = Invoke-SignedHttpApi -Uri $api @session -AsResponse -ErrorAction SilentlyContinue -ErrorVariable +errors
            $after = Get-SandboxCounts
            $errors | Should -BeNullOrEmpty -Because "call $attempt after the server's clock was put right must not fail"
            $right.StatusCode | Should -Be 200
            $after.Sts - $before.Sts | Should -BeLessOrEqual 1
        }
    }

    It 'does the same for a session assumed while the server was a day ahead' {
        $api = $Sandbox.ApiUrl('prod', '/items')
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ClockOffsetSeconds 86400
        $credential = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -NoCache
        (Invoke-SignedHttpApi -Uri $api -Credential $credential -Region us-east-1 -AsResponse).StatusCode | Should -Be 200

        $null = Set-CrossAcctApiSandboxFault $Sandbox -ClockOffsetSeconds 0
        $before = Get-SandboxCounts
        $errors = @()
        $right = Invoke-SignedHttpApi -Uri $api -Credential $credential -Region us-east-1 -AsResponse -ErrorAction SilentlyContinue -ErrorVariable +errors
        $after = Get-SandboxCounts
        $errors | Should -BeNullOrEmpty
        $right.StatusCode | Should -Be 200
        $after.Sts - $before.Sts | Should -BeLessOrEqual 1
    }
}
