using CsCheck;
using KubeCore.Storage;
using KubeCore.Storage.Conformance;
using KubeCore.Storage.Memory;

namespace KubeCore.Tests.Storage;

/// <summary>The in-memory backend checked against a plain dictionary model over random operation sequences.</summary>
public class InMemoryStorageModelTests
{
    private enum Op { Create, Update, UpdateStale, Delete, DeleteStale }

    private static readonly Gen<(Op Op, int Key, int Value)[]> Operations =
        Gen.Select(Gen.Enum<Op>(), Gen.Int[0, 5], Gen.Int[0, 99]).Array[1, 60];

    [Fact]
    public void Random_operation_sequences_agree_with_a_dictionary_model_at_every_step()
    {
        Operations.Sample(ops =>
        {
            var backend = new InMemoryStorageBackend(new InMemoryStorageOptions { HistoryWindow = 1_000 });
            var model = new SortedDictionary<string, (string Value, long Revision)>(StringComparer.Ordinal);
            long lastRevision = 0;
            foreach (var (op, k, v) in ops)
            {
                var key = $"/registry/things/k{k}";
                var exists = model.TryGetValue(key, out var current);
                try
                {
                    switch (op)
                    {
                        case Op.Create:
                            var created = backend.CreateAsync(key, ConformanceObject.WithValue($"k{k}", v.ToString())).AsTask().GetAwaiter().GetResult();
                            if (exists) return false;
                            model[key] = (v.ToString(), created.ModRevision);
                            break;
                        case Op.Update or Op.UpdateStale:
                            var expected = op == Op.Update ? current.Revision : current.Revision - 1;
                            var updated = backend.UpdateAsync(key, ConformanceObject.WithValue($"k{k}", v.ToString()), expected).AsTask().GetAwaiter().GetResult();
                            if (!exists || op == Op.UpdateStale) return false;
                            model[key] = (v.ToString(), updated.ModRevision);
                            break;
                        case Op.Delete or Op.DeleteStale:
                            backend.DeleteAsync(key, op == Op.Delete ? current.Revision : current.Revision + 1000).AsTask().GetAwaiter().GetResult();
                            if (!exists || op == Op.DeleteStale) return false;
                            model.Remove(key);
                            break;
                    }
                }
                catch (StorageKeyExistsException) { if (!exists) return false; }
                catch (StorageKeyNotFoundException) { if (exists) return false; }
                catch (StorageConflictException) { if (!exists || op is Op.Update or Op.Delete) return false; }

                var list = backend.ListAsync("/registry/things/").AsTask().GetAwaiter().GetResult();
                if (list.Revision < lastRevision) return false;
                lastRevision = list.Revision;
                var actual = list.Items.Select(e => (e.Key, e.Value.Metadata.Labels!["value"], e.ModRevision, e.Value.Metadata.ResourceVersion ?? ""));
                var wanted = model.Select(p => (p.Key, p.Value.Value, p.Value.Revision, p.Value.Revision.ToString()));
                if (!actual.SequenceEqual(wanted)) return false;
            }
            return true;
        });
    }
}
