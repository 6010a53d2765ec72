using System;
using System.Collections.Generic;

namespace CrossAcctApi.Completion
{
    /// <summary>
    /// The role ARNs used in this PowerShell process, most recent first (Get-AssumedRoleCredential and
    /// Test-CrossAccountAccess record them), for -RoleArn completion. In memory only, never written anywhere, and
    /// bounded: an ARN is not a secret, but a long-lived session should not grow a list without end.
    /// </summary>
    public static class RecentRoleArns
    {
        public const int Capacity = 25;

        private static readonly object Gate = new object();
        private static readonly LinkedList<string> Arns = new LinkedList<string>();

        /// <summary>Moves (or adds) the ARN to the front. Blank values are ignored.</summary>
        public static void Record(string? roleArn)
        {
            if (string.IsNullOrWhiteSpace(roleArn))
            {
                return;
            }

            string arn = roleArn!.Trim();
            lock (Gate)
            {
                for (LinkedListNode<string>? node = Arns.First; node != null; node = node.Next)
                {
                    if (string.Equals(node.Value, arn, StringComparison.Ordinal))
                    {
                        Arns.Remove(node);
                        break;
                    }
                }

                Arns.AddFirst(arn);
                while (Arns.Count > Capacity)
                {
                    Arns.RemoveLast();
                }
            }
        }

        /// <summary>The ARNs, most recent first.</summary>
        public static IReadOnlyList<string> Snapshot()
        {
            lock (Gate)
            {
                return new List<string>(Arns);
            }
        }

        /// <summary>Forgets every ARN (for tests, and for a user who wants a clean list).</summary>
        public static void Clear()
        {
            lock (Gate)
            {
                Arns.Clear();
            }
        }
    }
}
