SELECT processor, zone, industry, coalesce(ciio, false), coalesce(declared_grounds, [])
FROM processors WHERE processor = $processor;
