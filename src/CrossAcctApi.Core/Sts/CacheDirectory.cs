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

        /// <summary>Makes sure <paramref name="path"/> is a folder only this user controls; throws <c>CacheDirectoryUnsafe</c> otherwise.</summary>
        public static void Ensure(string path, Func<string, int, bool> setUnixMode)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                System.IO.Directory.CreateDirectory(path);
                return;
            }

            if (!Exists(path, out var stat))
            {
                System.IO.Directory.CreateDirectory(path);
                if (!setUnixMode(path, OwnerOnly))
                {
                    throw Unsafe(path, "it could not be made private (0700) on this runtime");
                }

                return;
            }

            if ((stat.Mode & FileTypeMask) == LinkType)
            {
                throw Unsafe(path, "it is a symbolic link, which could point anywhere");
            }

            if ((stat.Mode & FileTypeMask) != DirectoryType)
            {
                throw Unsafe(path, "it is not a folder");
            }

            if (stat.Uid != Native.EffectiveUserId())
            {
                throw Unsafe(path, "it belongs to another user (uid " + stat.Uid + ")");
            }

            if ((stat.Mode & GroupOrOthersWrite) != 0)
            {
                throw Unsafe(path, "other users may write to it (mode " + Convert.ToString(stat.Mode & 0xFFF, 8) + ")");
            }
        }

        private static bool Exists(string path, out Native.FileStatus stat) => Native.LStat(path, out stat);

        private static CrossAcctApiException Unsafe(string path, string why) =>
            new CrossAcctApiException(UnsafeErrorId, FailureKind.SecurityError, "The session cache folder " + path + " cannot hold secrets safely: " + why + ". Nothing was read from it or written to it.", path)
            {
                RecommendedAction = "Point CROSSACCTAPI_CACHE_DIR at a folder of your own that only you can write to (or leave it unset for ~/.crossacctapi/cache), or remove the disk cache option.",
            };

        /// <summary>
        /// lstat and geteuid through the .NET runtime's own native shim (libSystem.Native, present wherever .NET Core runs
        /// on Unix): the BCL has no API for a file's owner. Elsewhere (Mono) the folder cannot be checked, and is refused.
        /// </summary>
        private static class Native
        {
            public static bool LStat(string path, out FileStatus stat)
            {
                try
                {
                    return SystemNative_LStat(path, out stat) == 0;
                }
                catch (Exception error) when (error is DllNotFoundException || error is EntryPointNotFoundException)
                {
                    throw Unsafe(path, "this runtime cannot tell who owns it");
                }
            }

            public static uint EffectiveUserId() => SystemNative_GetEUid();

            [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
            private static extern int SystemNative_LStat(string path, out FileStatus output);

            [DllImport("libSystem.Native", EntryPoint = "SystemNative_GetEUid")]
            private static extern uint SystemNative_GetEUid();

            /// <summary>The head of the runtime's FileStatus (pal_io.h): the fields read here, then room for the rest.</summary>
            [StructLayout(LayoutKind.Sequential)]
            public struct FileStatus
            {
                public int Flags;
                public int Mode;
                public uint Uid;
                public uint Gid;

                [MarshalAs(UnmanagedType.ByValArray, SizeConst = 32)]
                public long[] Rest;
            }
        }
    }
}
