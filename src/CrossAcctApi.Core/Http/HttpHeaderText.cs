namespace CrossAcctApi.Core.Http
{
    /// <summary>What a header value may hold to be sent at all: visible ASCII, spaces and tabs.</summary>
    internal static class HttpHeaderText
    {
        public static bool IsSendable(string value)
        {
            foreach (var c in value)
            {
                if ((c < ' ' && c != '\t') || c > '\u007e')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
