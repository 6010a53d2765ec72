using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi
{
    /// <summary>
    /// Invoke-RestMethod's -Form: a dictionary made into a multipart/form-data body. Text and numbers are fields, a
    /// FileInfo (Get-Item) is a file part with its name and application/octet-stream, and a list repeats its field.
    /// The body is built once, here, as bytes: those bytes are what is hashed for the signature and what is sent,
    /// and the Content-Type carries the boundary inside them.
    /// </summary>
    internal static class FormArgument
    {
        public static BytesRequestBody ToBody(IDictionary form, out string contentType)
        {
            using (var multipart = new MultipartFormDataContent())
            {
                foreach (DictionaryEntry entry in form)
                {
                    var name = PowerShellValues.ToText(entry.Key) ?? string.Empty;
                    Add(multipart, name, entry.Value, enumerate: true);
                }

                contentType = multipart.Headers.ContentType!.ToString();
                return new BytesRequestBody(multipart.ReadAsByteArrayAsync().GetAwaiter().GetResult());
            }
        }

        private static void Add(MultipartFormDataContent multipart, string name, object? raw, bool enumerate)
        {
            var value = PowerShellValues.Unwrap(raw);
            switch (value)
            {
                case FileInfo file:
                    byte[] bytes;
                    try
                    {
                        bytes = File.ReadAllBytes(file.FullName);
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        throw new CrossAcctApiException(RequestErrors.InFileNotReadable, FailureKind.InvalidArgument, "The file " + file.FullName + " for the form field '" + name + "' ({@Form}) cannot be read: " + ex.Message, file.FullName, ex)
                        {
                            RecommendedAction = "Check that the file exists and that you may read it.",
                        };
                    }

                    var part = new ByteArrayContent(bytes);
                    part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(RequestBodies.BinaryContentType);
                    multipart.Add(part, Quote(name), Quote(file.Name));
                    return;
                case IEnumerable list when enumerate && !(value is string) && !(value is IDictionary):
                    foreach (var item in list)
                    {
                        Add(multipart, name, item, enumerate: false);
                    }

                    return;
                case null:
                case string _:
                case IFormattable _:
                case bool _:
                    multipart.Add(new StringContent(PowerShellValues.ToText(value) ?? string.Empty), Quote(name));
                    return;
                default:
                    throw new CrossAcctApiException(RequestErrors.InvalidForm, FailureKind.InvalidArgument, "The form field '" + name + "' ({@Form}) holds " + value.GetType().Name + "; a field is text, a number, a file (Get-Item) or a list of them.", name)
                    {
                        RecommendedAction = "Give text, numbers or Get-Item file objects as {@Form} values, or send JSON with {@Body}.",
                    };
            }
        }

        // Quoted as browsers and Invoke-RestMethod send names (name="field"), so that spaces and ';' survive.
        private static string Quote(string text) => "\"" + text.Replace("\"", "\\\"") + "\"";
    }
}
