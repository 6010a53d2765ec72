using CrossAcctApi.Core.Http;
using Xunit;

namespace CrossAcctApi.Core.Tests.Http;

/// <summary>
/// ApiCallOptions.Default is what SendAsync uses when given no options. It once copied the timeout and the longest
/// backoff before those constants were initialised (a zero timeout, which cancelled about one call in a thousand):
/// found by the pipeline benchmark (bench/CrossAcctApi.Benchmarks/PipelineBenchmarks.cs).
/// </summary>
public class ApiCallOptionsDefaultTests
{
    [Fact]
    public void The_shared_default_has_the_documented_values()
    {
        var fresh = new ApiCallOptions();

        Assert.Equal(TimeSpan.FromSeconds(100), ApiCallOptions.Default.Timeout);
        Assert.Equal(ApiCallOptions.DefaultTimeout, ApiCallOptions.Default.Timeout);
        Assert.Equal(ApiCallOptions.DefaultMaximumBackoff, ApiCallOptions.Default.MaximumBackoff);
        Assert.Equal(fresh.Timeout, ApiCallOptions.Default.Timeout);
        Assert.Equal(fresh.MaximumBackoff, ApiCallOptions.Default.MaximumBackoff);
        Assert.Equal(fresh.MaximumRetryCount, ApiCallOptions.Default.MaximumRetryCount);
        Assert.Equal(fresh.MaximumRetryAfter, ApiCallOptions.Default.MaximumRetryAfter);
    }
}
