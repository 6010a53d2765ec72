using System.Net;

namespace CrossAcctApi.Sandbox.Tests.Infrastructure;

/// <summary>The 403 shapes of REST APIs and function URLs: status, x-amzn-ErrorType and body.</summary>
internal static class EndpointAsserts
{
    /// <summary>IAM's refusal: AccessDeniedException and <c>{"Message":"..."}</c> with a capital M.</summary>
    public static void AccessDenied(ApiResponse response, string message)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("AccessDeniedException", response.ErrorType);
        Assert.StartsWith("{\"Message\":", response.Body);
        Assert.Equal(message, response.CapitalMessage);
    }

    /// <summary>A 403 with this error type and, when given, exactly this body.</summary>
    public static void Refused(ApiResponse response, string errorType, string? body = null)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal(errorType, response.ErrorType);
        if (body != null) Assert.Equal(body, response.Body);
    }

    public static void Forbidden(ApiResponse response) => Refused(response, "ForbiddenException", """{"message":"Forbidden"}""");
}
