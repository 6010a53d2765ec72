using System;
using System.IO;
using System.Runtime.InteropServices;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// The folder of the on-disk session cache, which holds secrets: created private (0700) when absent; when it
    /// exists it is used only if it is a real folder (not a symbolic link), owned by the current user and writable by
    /// nobody else, and its mode is never changed - a shared folder such as /tmp must not be made private behind its
    /// users' backs, and a folder another user controls could have sessions planted in it. On Windows the folder
    /// inherits the user profile's ACL (the user, SYSTEM, administrators).
    /// </summary>
    internal static class CacheDirectory
    {
        public const string UnsafeErrorId = "CacheDirectoryUnsafe";
        public const int OwnerOnly = 0x1C0; // 0700

        private const int GroupOrOthersWrite = 0x12; // 020 | 002
        private const int FileTypeMask = 0xF000;
        private const int DirectoryType = 0x4000;
        private const int LinkType = 0xA000;

        /// <summary>Makes sure <paramref name="path"/> is a folder only this user controls, creating it private when absent; throws <c>CacheDirectoryUnsafe</c> otherwise.</summary>
        public static void Ensure(string path, Func<string, int, bool> setUnixMode)
        {
            if (IsPresent(path))
            {
                return;
            }

            System.IO.Directory.CreateDirectory(path);
            if (!setUnixMode(path, OwnerOnly))
            {
                throw Unsafe(path, "it could not be made private (0700) on this runtime");
            }
        }

        /// <summary>
        /// True when a folder only this user controls is there, false when nothing is; throws <c>CacheDirectoryUnsafe</c>
        /// when something else is (read before any session is asked for, so an unusable folder costs no AssumeRole).
        /// </summary>
        public static bool IsPresent(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                if (File.Exists(path))
                {
                    throw Unsafe(path, "it is not a folder");
                }

                return System.IO.Directory.Exists(path);
            }

            if (!Exists(path, out var stat))
            {
                return false;
            }

            if ((stat.Mode & FileTypeMask) == LinkType)
            {
                throw Unsafe(path, "it is a symbolic link, which could point anywhere");
            }

            if ((stat.Mode & FileTypeMask) != DirectoryType)
            {
                throw Unsafe(path, "it is not a folder");
            }

            if (stat.Uid != PosixFiles.EffectiveUserId())
            {
                throw Unsafe(path, "it belongs to another user (uid " + stat.Uid + ")");
            }

            if ((stat.Mode & GroupOrOthersWrite) != 0)
            {
                throw Unsafe(path, "other users may write to it (mode " + Convert.ToString(stat.Mode & 0xFFF, 8) + ")");
            }

            return true;
        }

        private static bool Exists(string path, out FileFacts stat)
        {
            if (!PosixFiles.IsAvailable)
            {
                throw Unsafe(path, "this runtime cannot tell who owns it");
            }

            bool found = PosixFiles.TryLStat(path, out int mode, out uint owner);
            stat = new FileFacts(mode, owner);
            return found;
        }

        private static CrossAcctApiException Unsafe(string path, string why) =>
            new CrossAcctApiException(UnsafeErrorId, FailureKind.SecurityError, "The session cache folder " + path + " cannot hold secrets safely: " + why + ". Nothing was read from it or written to it.", path)
            {
                RecommendedAction = "Point CROSSACCTAPI_CACHE_DIR at a folder of your own that only you can write to (or leave it unset for ~/.crossacctapi/cache), or remove the disk cache option.",
            };

        private readonly struct FileFacts
        {
            public FileFacts(int mode, uint uid)
            {
                Mode = mode;
                Uid = uid;
            }

            public int Mode { get; }

            public uint Uid { get; }
        }
    }
}
