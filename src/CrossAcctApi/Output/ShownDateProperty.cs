using System;
using System.Management.Automation;

namespace CrossAcctApi
{
    /// <summary>
    /// A date property of an output object as PowerShell shows it (<see cref="OutputDates"/>): read-only, read live from
    /// the object on every access, typed as the date it holds (Get-Member says System.DateTime, as for the .NET property
    /// it shadows), its value the date with an ISO 8601 ToString.
    /// </summary>
    internal sealed class ShownDateProperty : PSPropertyInfo
    {
        private readonly Type _type;
        private readonly Func<object, object?> _read;
        private readonly object? _item;

        public ShownDateProperty(string name, Type type, Func<object, object?> read)
            : this(name, type, read, null)
        {
        }

        private ShownDateProperty(string name, Type type, Func<object, object?> read, object? item)
        {
            SetMemberName(name);
            _type = type;
            _read = read;
            _item = item;
        }

        public override PSMemberTypes MemberType => PSMemberTypes.CodeProperty;

        public override bool IsSettable => false;

        public override bool IsGettable => true;

        public override string TypeNameOfValue => _type.FullName!;

        public override object? Value
        {
            get => _item is null ? null : OutputDates.Shown(_read(_item));
            set => throw new SetValueException("The property '" + Name + "' is read-only.");
        }

        /// <summary>This property of <paramref name="item"/>.</summary>
        public ShownDateProperty For(object item) => new ShownDateProperty(Name, _type, _read, item);

        public override PSMemberInfo Copy() => new ShownDateProperty(Name, _type, _read, _item);

        /// <summary>What Get-Member shows as its definition, as for the .NET property.</summary>
        public override string ToString() => _type.FullName + " " + Name + " {get;}";
    }
}
