// The CrossAcctApi sandbox: a local STS and IAM-authorized HTTP API on 127.0.0.1. See Hosting/SandboxProgram.cs.
return await CrossAcctApi.Sandbox.Hosting.SandboxProgram.RunAsync(args);
