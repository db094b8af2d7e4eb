#!/usr/bin/env python3
"""Generates src/KubeCore.ApiServer/Protobuf/ProtobufSchema.Generated.cs: the field tables of the protobuf messages
KubeCore decodes (see docs/api-server.md, "Protobuf request bodies").

Usage: generate.py <k8s.io/api checkout at v0.32.x> <k8s.io/apimachinery checkout at v0.32.x> > ProtobufSchema.Generated.cs

It reads the field numbers, types and cardinalities of each message from the packages' generated.proto, and from
types.go which fields are Go pointers (their zero value is meaningful and kept) and which are JSON-inlined. Only the
messages reachable from ROOTS are emitted."""
import re, sys, os

API, MACH = sys.argv[1], sys.argv[2]
PKGS = {  # proto package -> (short name, directory)
    'k8s.io.api.core.v1': ('core/v1', f'{API}/core/v1'),
    'k8s.io.api.apps.v1': ('apps/v1', f'{API}/apps/v1'),
    'k8s.io.api.batch.v1': ('batch/v1', f'{API}/batch/v1'),
    'k8s.io.api.autoscaling.v1': ('autoscaling/v1', f'{API}/autoscaling/v1'),
    'k8s.io.api.autoscaling.v2': ('autoscaling/v2', f'{API}/autoscaling/v2'),
    'k8s.io.api.authorization.v1': ('authorization/v1', f'{API}/authorization/v1'),
    'k8s.io.api.authentication.v1': ('authentication/v1', f'{API}/authentication/v1'),
    'k8s.io.api.rbac.v1': ('rbac/v1', f'{API}/rbac/v1'),
    'k8s.io.api.policy.v1': ('policy/v1', f'{API}/policy/v1'),
    'k8s.io.api.networking.v1': ('networking/v1', f'{API}/networking/v1'),
    'k8s.io.api.scheduling.v1': ('scheduling/v1', f'{API}/scheduling/v1'),
    'k8s.io.apimachinery.pkg.apis.meta.v1': ('meta/v1', f'{MACH}/pkg/apis/meta/v1'),
}
ROOTS = ['core/v1.Namespace', 'core/v1.ConfigMap', 'core/v1.Secret', 'core/v1.Service', 'core/v1.Pod',
         'apps/v1.Deployment', 'batch/v1.Job', 'batch/v1.CronJob',
         'autoscaling/v1.HorizontalPodAutoscaler', 'autoscaling/v2.HorizontalPodAutoscaler',
         'authorization/v1.SelfSubjectAccessReview', 'authentication/v1.SelfSubjectReview',
         'rbac/v1.Role', 'rbac/v1.ClusterRole', 'rbac/v1.RoleBinding', 'rbac/v1.ClusterRoleBinding',
         'policy/v1.Eviction', 'meta/v1.DeleteOptions',
         # kubectl create ingress / priorityclass / serviceaccount send these as protobuf too.
         'networking/v1.Ingress', 'networking/v1.IngressClass', 'scheduling/v1.PriorityClass', 'core/v1.ServiceAccount']
# Types with their own JSON form, decoded by hand in ProtobufDecoder.
SPECIAL = {
    'k8s.io.apimachinery.pkg.apis.meta.v1.Time': '$time', 'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime': '$microtime',
    'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': '$rawjson',
    'k8s.io.apimachinery.pkg.api.resource.Quantity': '$quantity', 'k8s.io.apimachinery.pkg.util.intstr.IntOrString': '$intorstring',
    'k8s.io.apimachinery.pkg.runtime.RawExtension': '$rawjson',
}
SCALARS = {'string': 's', 'bytes': 'b', 'int32': 'i32', 'int64': 'i64', 'bool': 'bool', 'double': 'f64', 'float': 'f32', 'uint32': 'u32', 'uint64': 'u64'}

messages = {}  # full name -> list of (num, name, type, label)
for pkg, (short, d) in PKGS.items():
    text = open(f'{d}/generated.proto').read()
    text = re.sub(r'//[^\n]*', '', text)
    for m in re.finditer(r'\bmessage\s+(\w+)\s*\{([^{}]*)\}', text):
        fields = []
        for f in re.finditer(r'(optional|repeated)?\s*(map<\s*[\w.]+\s*,\s*[\w.]+\s*>|[\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;', m.group(2)):
            fields.append((int(f.group(4)), f.group(3), f.group(2).replace(' ', ''), f.group(1) or ''))
        messages[f'{pkg}.{m.group(1)}'] = fields

def go_fields(d):
    """struct name -> {proto field number: (is_pointer, json_name, inline)}"""
    out = {}
    for fn in os.listdir(d):
        if not fn.endswith('.go') or fn.endswith('_test.go') or fn.startswith('zz_') or fn == 'generated.pb.go': continue
        text = open(f'{d}/{fn}').read()
        for s in re.finditer(r'type\s+(\w+)\s+struct\s*\{(.*?)\n\}', text, re.S):
            fs = {}
            for line in s.group(2).split('\n'):
                t = re.search(r'protobuf:"\w+,(\d+),', line)
                if not t: continue
                j = re.search(r'json:"([^",]*)(,[^"]*)?"', line)
                decl = line.split('`')[0].split()
                gotype = decl[1] if len(decl) > 1 else decl[0]
                inline = bool(j and j.group(2) and 'inline' in j.group(2))
                fs[int(t.group(1))] = (gotype.startswith('*'), j.group(1) if j else None, inline)
            out[s.group(1)] = fs
    return out

gofields = {pkg: go_fields(d) for pkg, (short, d) in PKGS.items()}

def resolve(typ, pkg):
    typ = typ.lstrip(".")
    if typ in SCALARS: return SCALARS[typ]
    full = typ if '.' in typ else f'{pkg}.{typ}'
    if full in SPECIAL: return SPECIAL[full]
    if full not in messages: raise SystemExit(f'unknown type {typ} in {pkg}')
    return full

def short(full):
    pkg, name = full.rsplit('.', 1)
    return f'{PKGS[pkg][0]}.{name}'

def full_of(s):
    prefix, name = s.rsplit('.', 1)
    return next(p for p, (sh, _) in PKGS.items() if sh == prefix) + '.' + name

out, queue, seen = {}, [full_of(r) for r in ROOTS], set()
while queue:
    full = queue.pop(0)
    if full in seen: continue
    seen.add(full)
    pkg, name = full.rsplit('.', 1)
    go = gofields[pkg].get(name, {})
    entries = []
    for num, fname, typ, label in messages[full]:
        ptr, jname, inline = go.get(num, (False, None, False))
        jname = jname or fname
        mm = re.match(r'map<([\w.]+),([\w.]+)>', typ)
        if mm:
            k, v = resolve(mm.group(1), pkg), resolve(mm.group(2), pkg)
            if v.startswith('k8s.'): queue.append(v); v = short(v)
            kind = f'map<{k},{v}>'
        else:
            t = resolve(typ, pkg)
            if t.startswith('k8s.'): queue.append(t); t = short(t)
            kind = t
        flags = ('*' if label == 'repeated' else '') + ('?' if ptr else '') + ('^' if inline else '')
        entries.append(f'{num} {jname} {kind}{flags}')
    out[short(full)] = entries

print('// <auto-generated>')
print('// Generated by tools/protobuf-schema/generate.py from the generated.proto and types.go of k8s.io/api and')
print('// k8s.io/apimachinery v0.32: field number, JSON name, type; flags: * repeated, ? Go pointer (zero kept), ^ inlined in JSON.')
print('// </auto-generated>')
print('namespace KubeCore.ApiServer.Protobuf;')
print()
print('internal static partial class ProtobufSchema')
print('{')
print('    private static readonly (string Message, string Fields)[] s_messages =')
print('    [')
for k in sorted(out):
    print(f'        ("{k}", "{"; ".join(out[k])}"),')
print('    ];')
print('}')
