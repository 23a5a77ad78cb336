using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Kubesharp.Kubelet.Server;

/// <summary>
/// The kubelet's self-signed serving certificate, replaced by a new one at the first handshake
/// within <c>renewBefore</c> of its expiry (upstream's kubelet only makes one at start, so a
/// kubelet running past a year serves an expired certificate).
/// </summary>
internal sealed class RotatingSelfSignedCertificate : IDisposable
{
    private readonly IPAddress _address;
    private readonly TimeSpan _lifetime;
    private readonly TimeSpan _renewBefore;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    // Replaced certificates may still be in a handshake; they are disposed with this.
    private readonly List<X509Certificate2> _retired = [];
    private X509Certificate2 _current;

    public RotatingSelfSignedCertificate(IPAddress address, TimeSpan lifetime, TimeSpan renewBefore, TimeProvider time)
    {
        _address = address;
        _lifetime = lifetime;
        _renewBefore = renewBefore;
        _time = time;
        _current = SelfSignedCertificate.Create(address, time.GetUtcNow(), lifetime);
    }

    public X509Certificate2 Current()
    {
        var now = _time.GetUtcNow();
        var current = Volatile.Read(ref _current);
        if (current.NotAfter.ToUniversalTime() - now.UtcDateTime >= _renewBefore)
        {
            return current;
        }

        lock (_gate)
        {
            if (_current.NotAfter.ToUniversalTime() - now.UtcDateTime < _renewBefore)
            {
                _retired.Add(_current);
                Volatile.Write(ref _current, SelfSignedCertificate.Create(_address, now, _lifetime));
            }

            return _current;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _current.Dispose();
            foreach (var old in _retired)
            {
                old.Dispose();
            }
        }
    }
}
