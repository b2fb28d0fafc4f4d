/* Stand-in for the site's self-hosted Matomo tracker (the benchmark only needs its request). */
window.Matomo = window.Matomo || {initialized: true};
