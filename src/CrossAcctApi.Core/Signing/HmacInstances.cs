using System;
using System.Security.Cryptography;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// Per thread, the last few <see cref="HMACSHA256"/> instances, each keyed once with one derived signing key.
    /// Keying an HMAC costs an allocation and a native context; reusing one keyed instance costs neither, and a
    /// thread almost always signs with the same key (one credential, one region, one day) many times in a row.
    /// </summary>
    internal static class HmacInstances
    {
        private const int SlotCount = 4;

        [ThreadStatic]
        private static Slots? t_slots;

        public static HMACSHA256 For(SigningKey key)
        {
            var slots = t_slots ??= new Slots();
            for (var i = 0; i < SlotCount; i++)
            {
                if (ReferenceEquals(slots.Keys[i], key))
                {
                    return slots.Hmacs[i]!;
                }
            }

            // Not seen on this thread: replace the oldest slot (round robin), freeing its native context now.
            var slot = slots.Next;
            slots.Next = (slot + 1) % SlotCount;
            slots.Hmacs[slot]?.Dispose();
            var hmac = key.CreateHmac();
            slots.Keys[slot] = key;
            slots.Hmacs[slot] = hmac;
            return hmac;
        }

        private sealed class Slots
        {
            public readonly SigningKey?[] Keys = new SigningKey?[SlotCount];
            public readonly HMACSHA256?[] Hmacs = new HMACSHA256?[SlotCount];
            public int Next;
        }
    }
}
