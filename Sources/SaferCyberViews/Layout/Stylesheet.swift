/// The one stylesheet, served from `/assets/site.css`. No web fonts and no CDN: the system font stack
/// loads instantly and works offline. Colours meet WCAG 2.2 AA contrast; focus is always visible.
public enum Stylesheet {
    public static let css = """
        *,*::before,*::after{box-sizing:border-box}
        html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:100%;line-height:1.5;color:#0b0c0c;background:#f3f2f1}
        body{margin:0;background:#fff}
        a{color:#1d70b8}a:visited{color:#4c2c92}a:hover{color:#003078}
        a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus,[tabindex]:focus{outline:3px solid #ffdd00;outline-offset:0;box-shadow:0 4px #0b0c0c;background-color:#ffdd00;color:#0b0c0c}
        input:focus,select:focus,textarea:focus{background-color:#fff;box-shadow:inset 0 0 0 2px #0b0c0c}
        .skip-link{position:absolute;left:-9999px;top:0;padding:.5rem 1rem;background:#ffdd00;color:#0b0c0c}
        .skip-link:focus{left:0;z-index:10}
        .width-container{max-width:960px;margin:0 auto;padding:0 1rem}
        .site-header{background:#0b0c0c;color:#fff;border-bottom:8px solid #1d70b8}
        .header-bar{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding-top:.75rem;padding-bottom:.75rem}
        .service-name{color:#fff;font-weight:700;font-size:1.5rem;text-decoration:none}
        .service-name:visited,.service-name:hover{color:#fff}
        .partnership-name{font-size:1.1rem}
        .account{margin-left:auto;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}
        .account a,.account .link-button{color:#fff}
        .site-nav{background:#f3f2f1;border-bottom:1px solid #b1b4b6}
        .site-nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:0 1.5rem;margin:0 auto;padding-top:.5rem;padding-bottom:.5rem}
        .site-nav a[aria-current=page]{font-weight:700;color:#0b0c0c}
        main{display:block;padding:2rem 0 3rem}
        h1{font-size:2rem;line-height:1.2;margin:0 0 1.5rem}h2{font-size:1.5rem;margin:2rem 0 1rem}h3{font-size:1.2rem}
        .lead{font-size:1.25rem}
        .form-group{margin-bottom:1.5rem}
        .form-group-error{border-left:5px solid #d4351c;padding-left:.75rem}
        .label{display:block;font-weight:700;margin-bottom:.25rem}
        fieldset{border:0;padding:0;margin:0 0 1.5rem;min-width:0}legend{padding:0;font-weight:700;margin-bottom:.5rem}
        .hint{color:#505a5f;margin-bottom:.25rem}
        .print-only{display:none}
        .register td,.register th{padding-top:.75rem;padding-bottom:.75rem}
        .inline-figures{display:flex;flex-wrap:wrap;gap:0 2rem}
        .event-list{list-style:none;padding:0}.event-card{border-top:1px solid #b1b4b6;padding:1rem 0}.event-card h2{margin:0 0 .5rem}
        .question-slot{border-left:4px solid #b1b4b6;padding-left:1rem;margin-bottom:1rem}
        .inline-list{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}
        tr.muted td{color:#505a5f}
        .inline-form{display:inline-block;margin:0 .25rem .25rem 0}
        .error-message{color:#d4351c;font-weight:700;margin:0 0 .25rem}
        .input,.select{font:inherit;padding:.35rem;border:2px solid #0b0c0c;border-radius:0;max-width:100%}
        .width-full{width:100%}.width-half{width:50%}.width-third{width:33%}
        .form-group-error .input{border-color:#d4351c}
        .button{font:inherit;font-weight:700;background:#00703c;color:#fff;border:0;padding:.5rem 1rem;box-shadow:0 2px 0 #002d18;cursor:pointer;margin:0 .5rem .5rem 0}
        .button.secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}
        .button.warning{background:#d4351c;box-shadow:0 2px 0 #55150b}
        .link-button{font:inherit;background:none;border:0;padding:0;color:#1d70b8;text-decoration:underline;cursor:pointer}
        .inline-form{display:inline}.inline-form div{display:inline}
        .error-summary{border:5px solid #d4351c;padding:1rem;margin-bottom:2rem}
        .error-summary h2{margin-top:0}.error-summary a{color:#d4351c;font-weight:700}
        .notice{border-left:10px solid #1d70b8;background:#f3f2f1;padding:1rem;margin-bottom:1.5rem}
        .notice.success{border-color:#00703c}
        .secret{font-family:ui-monospace,monospace;word-break:break-all;background:#fff;border:2px solid #0b0c0c;padding:.5rem;display:block}
        table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}
        caption{text-align:left;font-weight:700;font-size:1.2rem;margin-bottom:.5rem}
        th,td{text-align:left;border-bottom:1px solid #b1b4b6;padding:.5rem 1rem .5rem 0;vertical-align:top}
        .table-scroll{overflow-x:auto}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem;padding:0;list-style:none}
        .card{border:1px solid #b1b4b6;border-top:5px solid #1d70b8;padding:1rem}
        .card h2{font-size:1.2rem;margin-top:0}
        .figures dt{color:#505a5f}.figures dd{margin:0 0 1rem;font-size:2rem;font-weight:700;line-height:1.2}
        .tag{display:inline-block;background:#d2e2f1;color:#0b0c0c;padding:0 .4rem;font-size:.9rem}
        .tag-refused{background:#f6d7d2}.tag-imported{background:#cce2d8}
        th.numeric,td.numeric{text-align:right;font-variant-numeric:tabular-nums}
        .filters>div{display:flex;flex-wrap:wrap;gap:0 1.5rem;align-items:flex-end}.filters .form-group{min-width:10rem}
        .figure{font-size:2.5rem;font-weight:700;margin:0}.figure-label{font-size:1.1rem;font-weight:400}
        .chart{width:100%;max-width:48rem;height:auto;display:block;margin:1rem 0}
        .chart-bar{fill:#1d70b8}.chart-axis{stroke:#0b0c0c;stroke-width:2}
        .chart-value{font-size:13px;fill:#0b0c0c}.chart-label{font-size:12px;fill:#505a5f}
        .panel{padding:1rem;margin-bottom:1.5rem;border-left:10px solid}.panel h2{margin-top:0}
        .panel-success{border-color:#00703c;background:#f3f2f1}.panel-finding{border-color:#1d70b8;background:#f3f2f1}.panel-problem{border-color:#d4351c;background:#f3f2f1}
        .facts dt{font-weight:700}.facts dd{margin:0 0 .5rem}
        .checkbox{display:flex;gap:.75rem;align-items:flex-start;margin-bottom:1.5rem}
        .checkbox input{width:1.5rem;height:1.5rem;flex:none;margin:0}
        progress{width:100%;max-width:30rem;height:1.5rem}
        .code-cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:0}
        .code-card{border:2px dashed #505a5f;padding:.5rem 1rem;break-inside:avoid}.code-card p{margin:.25rem 0}
        .code{font-family:ui-monospace,monospace;font-size:1.5rem;font-weight:700;letter-spacing:.1em}.url{word-break:break-all}
        .rag{display:inline-block;padding:0 .5rem;font-weight:700;border:2px solid #0b0c0c}
        .rag-green{background:#cce2d8}.rag-amber{background:#fff2cc}.rag-red{background:#f6d7d2}.rag-none{background:#f3f2f1}
        .report .commentary{border-left:4px solid #1d70b8;padding:0 0 0 1rem;margin:0 0 1rem}.report .facts{display:grid;grid-template-columns:minmax(10rem,22rem) 1fr;gap:.25rem 1rem}.report .facts dd{margin:0}
        .report-block{break-inside:avoid-page}
        .site-footer{border-top:1px solid #b1b4b6;background:#f3f2f1;padding:1.5rem 0;font-size:.9rem}
        .visually-hidden{position:absolute!important;width:1px;height:1px;margin:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
        details summary{cursor:pointer;color:#1d70b8;text-decoration:underline}
        .feedback-buttons{display:flex;flex-wrap:wrap;gap:1rem}.feedback-buttons .button{font-size:1.4rem;padding:1rem 1.5rem;margin:0}.qr-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:1rem}.qr-card{border:2px dashed #505a5f;padding:1rem;break-inside:avoid}.qr-card h2{margin-top:0}.qr-card code{word-break:break-all;font-size:.8rem}.join-panel{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:center}.qr-box svg{width:10rem;height:auto;display:block}
        .code-small{font-family:ui-monospace,monospace;font-weight:700;letter-spacing:.05em}
        .team-code strong{font-family:ui-monospace,monospace;font-size:1.25rem;letter-spacing:.1em}
        .game-timer{font-size:1.5rem;font-weight:700;font-variant-numeric:tabular-nums}
        .message{border:2px solid #505a5f;padding:.75rem 1rem;margin-bottom:1rem;background:#fff;max-width:36rem}
        .message-text{border-radius:1rem}.message-web{border-top:2.5rem solid #505a5f}
        .message-from,.message-subject{margin:0 0 .5rem;font-weight:700;word-break:break-word}
        .checkbox.flag{margin-bottom:.75rem}.checkbox label{word-break:break-word}
        .button-group{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin-bottom:1.5rem}.button-group form,.button-group .button{margin:0}
        .projector h1{font-size:3rem}.projector .code{font-size:3.5rem}.projector .table{font-size:1.75rem}.projector .game-timer{font-size:3rem}.projector .qr-box svg{width:16rem}
        .certificate{border:6px double #1d70b8;padding:2rem;text-align:center;max-width:40rem;margin:2rem auto}.certificate h1{font-size:2.5rem}.certificate-kicker{text-transform:uppercase;letter-spacing:.1em}
        @media (max-width:640px){h1{font-size:1.6rem}.width-half,.width-third{width:100%}}
        @page{size:A4;margin:16mm 14mm 18mm;@bottom-right{content:"Page " counter(page) " of " counter(pages);font-size:9pt;color:#505a5f}}
        .inline-links{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}
        .summary-list{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.35rem 1.5rem;margin:1rem 0}.summary-list dt{font-weight:700}.summary-list dd{margin:0}
        .caption{display:block;color:#505a5f;font-size:1.1rem}
        .checkbox-scroll{max-height:16rem;overflow-y:auto;border:1px solid #b1b4b6;padding:.5rem}
        .crossover td{vertical-align:top;min-width:4rem}.crossover td a{display:inline-block;min-width:24px;min-height:24px;line-height:24px;text-align:center}.table-scroll:focus{outline:3px solid #fd0;outline-offset:0}.crossover .cell-empty{background:#f3f2f1}
        .milestone-row{border-left:4px solid #b1b4b6;padding-left:1rem;margin-bottom:1rem}
        .timeline{padding-left:1.2rem}.timeline li{margin-bottom:1rem}.agenda>li{margin-bottom:1rem}
        .legend-heading{font-size:2rem;line-height:1.2;margin:0 0 .75rem}.back-link{display:inline-block;margin-bottom:1rem}
        .course-list,.resource-list{list-style:none;padding:0}.course-list li,.resource-list li{border-top:1px solid #b1b4b6;padding:1rem 0}.course-list h2,.resource-list h2{margin:0 0 .5rem;font-size:1.5rem}.quiz-review{padding-left:1.5rem}.quiz-review li{margin-bottom:1rem}.heading-small{font-size:1.2rem}.certificate-list{text-align:left}.resource-image{max-width:100%;height:auto;border:1px solid #b1b4b6}.resource-video{width:100%;max-width:960px;background:#0b0c0c;display:block;margin-bottom:1rem}.resource-credit{font-weight:700}.partnership-logo{max-height:80px;max-width:240px;display:block;margin-bottom:1rem}
        .radios .radio{display:flex;align-items:center;gap:.6rem;margin:.6rem 0}.radios .radio input{width:1.6rem;height:1.6rem;margin:0;flex:none}
        @media print{.code-cards{grid-template-columns:1fr 1fr}.report tr{break-inside:avoid}.report h1{font-size:20pt}.report h2{font-size:14pt;margin-top:1.2rem;break-after:avoid-page}.report table{font-size:10pt}.report th,.report td{padding:.2rem .5rem .2rem 0}.report .chart{max-width:100%}main{padding:0}.width-container{max-width:none;padding:0}details{display:none}html,body{background:#fff}.table-scroll{overflow:visible}.no-print{display:none!important}.print-only{display:inline}.site-header,.site-nav,.site-footer,.skip-link,form,.button{display:none}a{color:#0b0c0c}body{font-size:12pt}}
        """
}
