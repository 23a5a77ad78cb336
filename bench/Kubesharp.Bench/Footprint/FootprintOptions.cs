using System.Globalization;

namespace Kubesharp.Bench.Footprint;

/// <summary>Flags of <c>bench/run footprint</c>.</summary>
/// <param name="Binary">The kubesharp executable to measure (the Native AOT one when published), or a .dll run with dotnet.</param>
internal sealed record FootprintOptions(string Binary, int IdleSeconds, int Pods)
{
    public static FootprintOptions Parse(string[] args, string repositoryRoot)
    {
        var aot = Path.Combine(repositoryRoot, "artifacts", "aot", "kubesharp");
        var binary = File.Exists(aot) ? aot : Path.Combine(repositoryRoot, "src", "Kubesharp", "bin", "Release", "net10.0", "kubesharp.dll");
        var idle = 60;
        var pods = 100;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--binary": binary = Path.GetFullPath(args[i + 1]); break;
                case "--idle-seconds": idle = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--pods": pods = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown flag {args[i]}; use --binary PATH, --idle-seconds N, --pods N");
            }
        }

        return new FootprintOptions(binary, idle, pods);
    }

    public IEnumerable<string> ToArgs() => ["--binary", Binary, "--idle-seconds", IdleSeconds.ToString(CultureInfo.InvariantCulture), "--pods", Pods.ToString(CultureInfo.InvariantCulture)];
}
