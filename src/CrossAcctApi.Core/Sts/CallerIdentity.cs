namespace CrossAcctApi.Core.Sts
{
    /// <summary>Who a set of keys belongs to, as STS GetCallerIdentity reports it.</summary>
    public sealed class CallerIdentity
    {
        public CallerIdentity(string account, string arn, string userId)
        {
            Account = account;
            Arn = arn;
            UserId = userId;
        }

        public string Account { get; }

        public string Arn { get; }

        public string UserId { get; }

        public override string ToString() => Arn;
    }
}
