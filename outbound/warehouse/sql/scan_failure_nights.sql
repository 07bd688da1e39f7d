SELECT night FROM scan_failures WHERE processor = $processor AND file_key = $file_key AND night <= $night
ORDER BY night DESC LIMIT $n;
