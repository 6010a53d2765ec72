using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// The POSIX file facts the session cache needs and the BCL (netstandard2.0) lacks: a file's type, mode and owner
    /// without following a link, the effective user, and chmod. They come from whichever runtime hosts the module:
    /// .NET's own native shim (libSystem.Native) under PowerShell 7, Mono.Posix under Mono (the Windows PowerShell
    /// stand-in on Linux). With neither, <see cref="IsAvailable"/> is false and callers must not trust a folder.
    /// </summary>
    internal static class PosixFiles
    {
        private static readonly Lazy<IBackend?> Backend = new Lazy<IBackend?>(FindBackend);

        public static bool IsAvailable => Backend.Value != null;

        /// <summary>The file's mode bits (type and permissions) and owner; false when it does not exist.</summary>
        public static bool TryLStat(string path, out int mode, out uint owner)
        {
            mode = 0;
            owner = 0;
            return Backend.Value != null && Backend.Value.TryLStat(path, out mode, out owner);
        }

        public static uint EffectiveUserId() =>
            Backend.Value?.EffectiveUserId() ?? throw new PlatformNotSupportedException("No POSIX file calls on this runtime.");

        /// <summary>chmod through the runtime's own call (.NET 7+: File.SetUnixFileMode) or Mono.Posix; false when neither exists or it fails.</summary>
        public static bool TryChmod(string path, int mode)
        {
            Type? modeType = typeof(File).Assembly.GetType("System.IO.UnixFileMode");
            MethodInfo? setMode = modeType is null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), modeType });
            if (setMode != null)
            {
                try
                {
                    setMode.Invoke(null, new[] { path, Enum.ToObject(modeType!, mode) });
                    return true;
                }
                catch (TargetInvocationException)
                {
                    return false;
                }
            }

            return Backend.Value is MonoPosix mono && mono.TryChmod(path, mode);
        }

        private static IBackend? FindBackend()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return null;
            }

            // Mono is asked first: it has no libSystem.Native, and probing for it costs a failed native load.
            return (IBackend?)MonoPosix.TryCreate() ?? (DotNetNative.IsPresent() ? new DotNetNative() : null);
        }

        private interface IBackend
        {
            bool TryLStat(string path, out int mode, out uint owner);

            uint EffectiveUserId();
        }

        /// <summary>lstat and geteuid through libSystem.Native, present wherever .NET Core runs on Unix.</summary>
        private sealed class DotNetNative : IBackend
        {
            public static bool IsPresent()
            {
                try
                {
                    SystemNative_GetEUid();
                    return true;
                }
                catch (Exception error) when (error is DllNotFoundException || error is EntryPointNotFoundException)
                {
                    return false;
                }
            }

            public bool TryLStat(string path, out int mode, out uint owner)
            {
                bool found = SystemNative_LStat(path, out FileStatus status) == 0;
                mode = status.Mode;
                owner = status.Uid;
                return found;
            }

            public uint EffectiveUserId() => SystemNative_GetEUid();

            [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
            private static extern int SystemNative_LStat(string path, out FileStatus output);

            [DllImport("libSystem.Native", EntryPoint = "SystemNative_GetEUid")]
            private static extern uint SystemNative_GetEUid();

            /// <summary>The head of the runtime's FileStatus (pal_io.h): the fields read here, then room for the rest.</summary>
            [StructLayout(LayoutKind.Sequential)]
            private struct FileStatus
            {
                public int Flags;
                public int Mode;
                public uint Uid;
                public uint Gid;

                [MarshalAs(UnmanagedType.ByValArray, SizeConst = 32)]
                public long[] Rest;
            }
        }

        /// <summary>
        /// Mono.Unix.Native.Syscall (lstat, geteuid, chmod), bound by reflection: Mono.Posix ships with every Mono but
        /// is no reference this netstandard2.0 assembly can take.
        /// </summary>
        private sealed class MonoPosix : IBackend
        {
            private const string AssemblyName = "Mono.Posix, Version=4.0.0.0, Culture=neutral, PublicKeyToken=0738eb9f132ed756";

            private readonly MethodInfo _lstat;
            private readonly MethodInfo _geteuid;
            private readonly MethodInfo _chmod;
            private readonly Type _permissions;

            private MonoPosix(Type syscall, Type stat, Type permissions)
            {
                _lstat = syscall.GetMethod("lstat", new[] { typeof(string), stat.MakeByRefType() })!;
                _geteuid = syscall.GetMethod("geteuid", Type.EmptyTypes)!;
                _chmod = syscall.GetMethod("chmod", new[] { typeof(string), permissions })!;
                _permissions = permissions;
            }

            public static MonoPosix? TryCreate()
            {
                if (Type.GetType("Mono.Runtime") == null)
                {
                    return null;
                }

                try
                {
                    Assembly posix = Assembly.Load(AssemblyName);
                    Type? syscall = posix.GetType("Mono.Unix.Native.Syscall");
                    Type? stat = posix.GetType("Mono.Unix.Native.Stat");
                    Type? permissions = posix.GetType("Mono.Unix.Native.FilePermissions");
                    return syscall is null || stat is null || permissions is null ? null : new MonoPosix(syscall, stat, permissions);
                }
                catch (Exception error) when (error is IOException || error is BadImageFormatException || error is AmbiguousMatchException || error is NullReferenceException)
                {
                    return null;
                }
            }

            public bool TryLStat(string path, out int mode, out uint owner)
            {
                var arguments = new object?[] { path, null };
                bool found = (int)_lstat.Invoke(null, arguments)! == 0;
                object status = arguments[1]!;
                mode = found ? Convert.ToInt32(status.GetType().GetField("st_mode")!.GetValue(status)) : 0;
                owner = found ? Convert.ToUInt32(status.GetType().GetField("st_uid")!.GetValue(status)) : 0;
                return found;
            }

            public uint EffectiveUserId() => (uint)_geteuid.Invoke(null, null)!;

            public bool TryChmod(string path, int mode) =>
                (int)_chmod.Invoke(null, new[] { path, Enum.ToObject(_permissions, (uint)mode) })! == 0;
        }
    }
}
