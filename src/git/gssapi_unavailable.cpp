// GSSAPI, answered "unavailable", for the static libgit2 (MG_STATIC_LIBGIT2).
//
// Debian's libgit2.a references nine GSSAPI symbols, all from its HTTP "Negotiate"
// (SPNEGO/Kerberos) authentication, which runs only when an HTTP(S) remote asks for it during
// a fetch or push. mig-guard never talks to a remote: it reads the local repository (HEAD,
// the index, the working tree), so this code is unreachable. Debian ships no static GSSAPI
// library, and linking the shared libgssapi_krb5 would bring back the whole Kerberos stack
// that linking statically is meant to keep out of every process. These definitions make any
// call fail the way a GSSAPI without mechanisms would (GSS_S_UNAVAILABLE), which libgit2
// reports as a failed authentication. The types are declared here rather than taken from
// <gssapi/gssapi.h> (libkrb5-dev) only to avoid a build dependency; the calling convention
// of RFC 2744's C bindings is what matters, and every argument is a pointer or a 32-bit
// unsigned integer.
#include <cstddef>
#include <cstdint>

namespace {

using OM_uint32 = std::uint32_t;

// RFC 2744: the routine error GSS_S_UNAVAILABLE (16) in the routine-error field (bits 16-23).
constexpr OM_uint32 k_gss_s_complete = 0;
constexpr OM_uint32 k_gss_s_unavailable = OM_uint32{16} << 16;

// gss_buffer_desc: a buffer GSSAPI returns to its caller.
struct Buffer {
    std::size_t length;
    void* value;
};

void clear_buffer(void* buffer) {
    if (buffer == nullptr) return;
    static_cast<Buffer*>(buffer)->length = 0;
    static_cast<Buffer*>(buffer)->value = nullptr;
}

OM_uint32 unavailable(OM_uint32* minor_status) {
    if (minor_status != nullptr) *minor_status = 0;
    return k_gss_s_unavailable;
}

OM_uint32 nothing_to_release(OM_uint32* minor_status) {
    if (minor_status != nullptr) *minor_status = 0;
    return k_gss_s_complete;
}

}  // namespace

extern "C" {

// gss_OID GSS_C_NT_HOSTBASED_SERVICE: the name type libgit2 passes to gss_import_name, which
// fails before looking at it.
void* GSS_C_NT_HOSTBASED_SERVICE = nullptr;

OM_uint32 gss_indicate_mechs(OM_uint32* minor_status, void** mech_set) {
    if (mech_set != nullptr) *mech_set = nullptr;  // GSS_C_NO_OID_SET
    return unavailable(minor_status);
}

OM_uint32 gss_import_name(OM_uint32* minor_status, const void* /*input_name_buffer*/,
                          const void* /*input_name_type*/, void** output_name) {
    if (output_name != nullptr) *output_name = nullptr;  // GSS_C_NO_NAME
    return unavailable(minor_status);
}

OM_uint32 gss_init_sec_context(OM_uint32* minor_status, void* /*cred*/, void** context, void* /*target*/,
                               void* /*mech_type*/, OM_uint32 /*req_flags*/, OM_uint32 /*time_req*/,
                               void* /*bindings*/, void* /*input_token*/, void** actual_mech_type,
                               void* output_token, OM_uint32* ret_flags, OM_uint32* time_rec) {
    clear_buffer(output_token);
    if (actual_mech_type != nullptr) *actual_mech_type = nullptr;
    if (ret_flags != nullptr) *ret_flags = 0;
    if (time_rec != nullptr) *time_rec = 0;
    (void)context;  // left as the caller set it (GSS_C_NO_CONTEXT on a first call)
    return unavailable(minor_status);
}

OM_uint32 gss_display_status(OM_uint32* minor_status, OM_uint32 /*status_value*/, int /*status_type*/,
                             const void* /*mech_type*/, OM_uint32* message_context, void* status_string) {
    clear_buffer(status_string);
    if (message_context != nullptr) *message_context = 0;
    return unavailable(minor_status);
}

OM_uint32 gss_delete_sec_context(OM_uint32* minor_status, void** context, void* output_token) {
    if (context != nullptr) *context = nullptr;
    (void)output_token;
    return nothing_to_release(minor_status);
}

OM_uint32 gss_release_buffer(OM_uint32* minor_status, void* buffer) {
    clear_buffer(buffer);
    return nothing_to_release(minor_status);
}

OM_uint32 gss_release_name(OM_uint32* minor_status, void** name) {
    if (name != nullptr) *name = nullptr;
    return nothing_to_release(minor_status);
}

OM_uint32 gss_release_oid_set(OM_uint32* minor_status, void** set) {
    if (set != nullptr) *set = nullptr;
    return nothing_to_release(minor_status);
}

}  // extern "C"
